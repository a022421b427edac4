using System.Net;
using System.Text;
using System.Text.Json;
using Louter.Streams.Mock;
using Louter.Streams.Sse;
using Louter.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Louter.Tests.Streams.Mock;

public sealed class MockChatHandlerTests
{
    private static HttpRequestMessage Post(string json) =>
        new(HttpMethod.Post, "http://louter-mock.invalid/v1/chat/completions") { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    [Fact]
    public async Task Send_InvalidBody_Answers400InOpenAIsShape()
    {
        using var invoker = new HttpMessageInvoker(new MockChatHandler(TimeSpan.Zero, TimeProvider.System));

        using var response = await invoker.SendAsync(Post("""{"model":"m"}"""), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("messages", doc.RootElement.GetProperty("error").GetProperty("param").GetString());
    }

    [Fact]
    public async Task Send_Requests_GetDistinctIds()
    {
        using var invoker = new HttpMessageInvoker(new MockChatHandler(TimeSpan.Zero, TimeProvider.System));
        const string body = """{"model":"m","messages":[{"role":"user","content":"hi"}]}""";

        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await invoker.SendAsync(Post(body), TestContext.Current.CancellationToken);
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            ids.Add(doc.RootElement.GetProperty("id").GetString()!);
        }

        Assert.Equal(3, ids.Distinct().Count());
    }

    [Fact]
    public async Task Send_StreamWithChunkDelay_PacesEventsByTheInjectedClock()
    {
        var time = new FakeTimeProvider();
        using var invoker = new HttpMessageInvoker(new MockChatHandler(TimeSpan.FromMilliseconds(500), time));
        using var response = await invoker.SendAsync(Post("""{"model":"m","stream":true,"messages":[{"role":"user","content":"a b"}]}"""), TestContext.Current.CancellationToken);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using var reader = new SseReader(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken));

        // The first event (role chunk) comes at once; each later one only after the delay.
        var first = await reader.ReadAsync(TestContext.Current.CancellationToken);
        Assert.NotNull(first);
        var second = reader.ReadAsync(TestContext.Current.CancellationToken).AsTask();
        time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.False(second.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        var ev = await second.Within();

        using var doc = JsonDocument.Parse(ev!.Value.Data);
        Assert.Equal("a ", doc.RootElement.GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString());
    }
}
