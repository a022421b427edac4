using System.Net;
using Louter.Tests.EndToEnd.Support;
using Xunit;

namespace Louter.Tests.EndToEnd;

/// <summary>Streams relayed event by event: usage handling, premature ends, idle timeouts, disconnects.</summary>
public sealed class StreamingTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Stream_WithoutClientUsageRequest_AsksUpstreamForUsageButDropsTheUsageChunk()
    {
        using var response = await gateway.Louter.PostChatAsync("""{"model":"gpt-test","stream":true,"messages":[{"role":"user","content":"count me"}]}""", Ct);
        var data = Sse.DataOf(await response.Content.ReadAsStringAsync(Ct));

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"include_usage\":true", gateway.Upstream.Last("echo-upstream").BodyText, StringComparison.Ordinal);
        Assert.Equal("[DONE]", data[^1]);
        Assert.DoesNotContain(data, d => d.Contains("\"usage\"", StringComparison.Ordinal));
        Assert.Equal("count me", Sse.ContentOf(data));
    }

    [Fact]
    public async Task Stream_WithClientUsageRequest_KeepsTheUsageChunk()
    {
        using var response = await gateway.Louter.PostChatAsync("""{"model":"gpt-test","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"count me"}]}""", Ct);
        var data = Sse.DataOf(await response.Content.ReadAsStringAsync(Ct));

        Assert.Contains(data, d => d.Contains("\"choices\":[]", StringComparison.Ordinal) && d.Contains("\"completion_tokens\":2", StringComparison.Ordinal));
        Assert.Equal("[DONE]", data[^1]);
    }

    [Fact]
    public async Task UpstreamDropsConnectionMidStream_ClientGetsTheChunksThenAnErrorEvent_NoDone()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent("""{"model":"stream-cut","stream":true,"messages":[{"role":"user","content":"alpha beta gamma"}]}""", System.Text.Encoding.UTF8, "application/json"),
        };
        using var response = await gateway.Louter.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Ct));
        var body = new System.Text.StringBuilder();
        var buffer = new char[256];
        while (!body.ToString().Contains("alpha ", StringComparison.Ordinal))
        {
            var n = await reader.ReadAsync(buffer.AsMemory(), Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct);
            Assert.True(n > 0, "The stream ended before the second chunk arrived: " + body);
            body.Append(buffer, 0, n);
        }
        gateway.Upstream.Release("stream-cut");
        body.Append(await reader.ReadToEndAsync(Ct));
        var data = Sse.DataOf(body.ToString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("alpha ", Sse.ContentOf(data));
        Assert.StartsWith("{\"error\":", data[^1], StringComparison.Ordinal);
        Assert.Contains("broke", data[^1], StringComparison.Ordinal);
        Assert.DoesNotContain("[DONE]", data);
    }

    [Fact]
    public async Task UpstreamEndsStreamWithoutDone_ClientGetsAnErrorEvent()
    {
        using var response = await gateway.Louter.PostChatAsync("""{"model":"stream-no-done","stream":true,"messages":[{"role":"user","content":"alpha beta"}]}""", Ct);
        var data = Sse.DataOf(await response.Content.ReadAsStringAsync(Ct));

        Assert.Equal("alpha beta", Sse.ContentOf(data));
        Assert.Contains("before it finished", data[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task StalledStream_HitsTheIdleTimeout_ErrorEventAndUpstreamCancelled()
    {
        using var response = await gateway.Louter.PostChatAsync("""{"model":"stream-stall","stream":true,"messages":[{"role":"user","content":"wait"}]}""", Ct);
        var data = Sse.DataOf(await response.Content.ReadAsStringAsync(Ct));

        Assert.Contains("sent nothing for 500ms", data[^1], StringComparison.Ordinal);
        Assert.Contains("upstream_timeout", data[^1], StringComparison.Ordinal);
        await gateway.Upstream.WhenCancelled("stream-stall").WaitAsync(TimeSpan.FromSeconds(10), Ct);
    }

    [Fact]
    public async Task SlowButSteadyStream_OutlivesTheRequestTimeout_BecauseStreamsUseAnIdleTimeout()
    {
        // 12 gaps of 100 ms: longer than the backend's 1 s timeout, each gap shorter than its 500 ms idle timeout.
        using var response = await gateway.Louter.PostChatAsync("""{"model":"stream-slow","stream":true,"messages":[{"role":"user","content":"tick "}]}""", Ct);
        var data = Sse.DataOf(await response.Content.ReadAsStringAsync(Ct));

        Assert.Equal("[DONE]", data[^1]);
        Assert.Equal(string.Concat(Enumerable.Repeat("tick ", 12)), Sse.ContentOf(data));
    }

    [Fact]
    public async Task ClientDisconnect_CancelsTheUpstreamRequest()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent("""{"model":"stream-forever","stream":true,"messages":[{"role":"user","content":"more"}]}""", System.Text.Encoding.UTF8, "application/json"),
        };
        var response = await gateway.Louter.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
        var stream = await response.Content.ReadAsStreamAsync(Ct);
        var buffer = new byte[256];
        Assert.True(await stream.ReadAsync(buffer, Ct) > 0);

        response.Dispose(); // the client goes away mid-stream

        await gateway.Upstream.WhenCancelled("stream-forever").WaitAsync(TimeSpan.FromSeconds(10), Ct);
    }
}
