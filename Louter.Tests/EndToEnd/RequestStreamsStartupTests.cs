using Louter.Host.Hosting;
using Louter.Tests.EndToEnd.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Louter.Tests.EndToEnd;

/// <summary>
/// The actor system the request graphs run in exists before the first request. Created by the first
/// requests instead, a burst of them on a cold process blocked every thread-pool thread on its
/// creation (which waits for its logger, which needs a pool thread) and nothing was served for ~5 s.
/// </summary>
public sealed class RequestStreamsStartupTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RequestActorSystem_ExistsOnceTheHostHasStarted_BeforeAnyRequest()
    {
        await using var upstream = await MockUpstream.StartAsync();
        await using var louter = await LouterInstance.StartAsync($$"""
            [backends.mock]
            url = "{upstream}"
            """, upstream.BaseUrl);

        var streams = louter.Services.GetRequiredService<RequestStreams>();
        Assert.True(streams.IsCreated);

        using var response = await louter.PostChatAsync("""{"model":"echo","messages":[{"role":"user","content":"hi"}]}""", Ct);
        response.EnsureSuccessStatusCode();
    }
}
