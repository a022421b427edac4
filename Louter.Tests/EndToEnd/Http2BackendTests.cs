using System.Net;
using Louter.Host.Config;
using Louter.Tests.EndToEnd.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Louter.Tests.EndToEnd;

/// <summary>
/// <c>http_version = "2"</c>: requests to the backend go as HTTP/2 — on http://, h2c with prior
/// knowledge, so a backend that only speaks HTTP/2 answers; many streams share a few connections.
/// </summary>
public sealed class Http2BackendTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Http2Backend_OverCleartext_IsAskedInHttp2_ForJsonAndStreams()
    {
        var protocols = new List<string>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        await using var upstream = builder.Build();
        upstream.MapPost("/v1/chat/completions", async context =>
        {
            lock (protocols) protocols.Add(context.Request.Protocol);
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            if (body.Contains("\"stream\":true", StringComparison.Ordinal))
            {
                context.Response.ContentType = "text/event-stream";
                await context.Response.WriteAsync("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"over h2\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
                return;
            }
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"id":"c","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"over h2"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}}""");
        });
        await upstream.StartAsync(Ct);
        var url = upstream.Urls.First();

        await using var louter = await LouterInstance.StartAsync($$"""
            [backends.h2]
            url = "{{url}}/v1"
            http_version = "2"
            """);

        using var json = await louter.PostChatAsync("""{"model":"m","messages":[{"role":"user","content":"hi"}]}""", Ct);
        using var stream = await louter.PostChatAsync("""{"model":"m","stream":true,"messages":[{"role":"user","content":"hi"}]}""", Ct);

        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Contains("over h2", await json.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        Assert.Contains("over h2", await stream.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        lock (protocols) Assert.Equal(["HTTP/2", "HTTP/2"], protocols);
    }

    [Theory]
    [InlineData("\"2\"", "2.0")]
    [InlineData("\"1.1\"", "1.1")]
    public void HttpVersion_IsBound(string value, string expected)
    {
        var loaded = ConfigLoader.Parse($"[backends.b]\nurl = \"http://127.0.0.1:9/v1\"\nhttp_version = {value}\n", "t.toml", _ => null);

        Assert.True(loaded.Ok, string.Join("\n", loaded.Errors));
        Assert.Equal(Version.Parse(expected), loaded.Config!.Backends[0].HttpVersion);
    }

    [Fact]
    public void HttpVersion_Unknown_IsAConfigErrorNamingTheChoices()
    {
        var loaded = ConfigLoader.Parse("[backends.b]\nurl = \"http://127.0.0.1:9/v1\"\nhttp_version = \"3\"\n", "t.toml", _ => null);

        Assert.False(loaded.Ok);
        Assert.Contains(loaded.Errors, e => e.ToString().Contains("http_version", StringComparison.Ordinal) && e.ToString().Contains("1.1", StringComparison.Ordinal));
    }
}
