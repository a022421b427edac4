using System.Net;
using System.Text.Json;
using Louter.Streams.Errors;
using Louter.Streams.Routing;
using Louter.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Louter.Tests.Streams.Pipeline;

/// <summary>
/// The whole request graph against an OpenAI-protocol backend whose HTTP answers the test scripts:
/// status mapping, rate-limit headers, broken and stalled streams, timeouts and disconnects.
/// </summary>
public sealed class RequestGraphUpstreamTests(ActorSystemFixture akka) : IClassFixture<ActorSystemFixture>
{
    private const string BackendKey = "sk-backend-secret-123";

    private static readonly BackendDescriptor Upstream = new()
    {
        Name = "upstream",
        Protocol = BackendProtocol.OpenAI,
        BaseUrl = new Uri("http://upstream.test/v1"),
        ApiKey = BackendKey,
        ModelMapping = new Dictionary<string, string> { ["gpt-4o"] = "gpt-4o-2024-08-06" },
        MaxTokensField = MaxTokensFieldName.MaxCompletionTokens,
        Timeout = TimeSpan.FromSeconds(300),
        IdleTimeout = TimeSpan.FromSeconds(60),
    };

    private const string Chat = """{"model":"gpt-4o","max_tokens":20,"messages":[{"role":"user","content":"hi"}],"x_unknown":{"keep":1.50}}""";
    private const string StreamingChat = """{"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"hi"}]}""";

    private const string Chunk1 = """{"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}""";
    private const string Chunk2 = """{"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"Hello"},"finish_reason":null}]}""";
    private const string Finish = """{"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""";

    private GraphHarness Harness(HttpMessageHandler handler, TimeProvider? time = null) =>
        new(akka.Materializer, time ?? TimeProvider.System, handler, Upstream);

    private static JsonElement Error(RecordingResponseChannel client)
    {
        using var doc = JsonDocument.Parse(client.BodyText);
        return doc.RootElement.GetProperty("error").Clone();
    }

    private static JsonElement InStreamError(string data)
    {
        using var doc = JsonDocument.Parse(data);
        Assert.Equal(["error"], doc.RootElement.EnumerateObject().Select(p => p.Name));
        return doc.RootElement.GetProperty("error").Clone();
    }

    [Fact]
    public async Task Run_NonStreaming_SendsRewrittenBodyWithBackendKeyAndRelaysTheAnswer()
    {
        const string answer = """{"id":"x","object":"chat.completion","model":"gpt-4o-2024-08-06","choices":[{"index":0,"message":{"role":"assistant","content":"hey"},"finish_reason":"stop"}],"usage":{"prompt_tokens":8,"completion_tokens":1,"total_tokens":9}}""";
        var handler = StubHttpHandler.Answering(_ => StubHttpHandler.Json(HttpStatusCode.OK, answer, ("x-ratelimit-remaining-requests", "499")));
        using var harness = Harness(handler);

        var (exchange, client) = await harness.RunAsync(Chat);

        var sent = Assert.Single(handler.Received);
        Assert.Equal("http://upstream.test/v1/chat/completions", sent.Uri.AbsoluteUri);
        Assert.Equal("Bearer " + BackendKey, sent.Authorization);
        Assert.Equal("application/json", sent.Accept);
        Assert.Equal("""{"model":"gpt-4o-2024-08-06","max_completion_tokens":20,"messages":[{"role":"user","content":"hi"}],"x_unknown":{"keep":1.50}}""", sent.Body);

        Assert.Equal(200, client.Status);
        Assert.Equal(answer, client.BodyText);
        Assert.Equal("499", client.Header("x-ratelimit-remaining-requests"));
        Assert.Equal(9, exchange.Usage!.Total);
        Assert.Equal(UpstreamOutcome.Success, exchange.Outcome);
    }

    [Fact]
    public async Task Run_Streaming_AsksUpstreamForUsageAndRelaysEventsUntilDone()
    {
        var usage = """{"id":"c1","object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}""";
        var handler = StubHttpHandler.Answering(_ => StubHttpHandler.EventStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(
            $"data: {Chunk1}\r\n\r\n: keep-alive\r\n\r\ndata: {Chunk2}\r\n\r\ndata: {Finish}\r\n\r\ndata: {usage}\r\n\r\ndata: [DONE]\r\n\r\n"))));
        using var harness = Harness(handler);

        var (exchange, client) = await harness.RunAsync(StreamingChat);

        var sent = Assert.Single(handler.Received);
        Assert.Equal("text/event-stream", sent.Accept);
        Assert.Contains("\"stream_options\":{\"include_usage\":true}", sent.Body, StringComparison.Ordinal);
        Assert.Equal(200, client.Status);
        Assert.Equal([Chunk1, Chunk2, Finish, "[DONE]"], client.SseData);
        Assert.Equal(4, exchange.Usage!.Total);
        Assert.Equal(UpstreamOutcome.Success, exchange.Outcome);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Run_StreamingRelay_WritesTheUpstreamsBytesAsTheyCame_LessOnlyTheUsageChunkNotAskedFor(bool clientAsksForUsage)
    {
        var usage = """{"id":"c1","object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}""";
        var before = $"data: {Chunk1}\r\n\r\ndata: {Chunk2}\r\n: keep-alive inside the event\r\n\r\ndata: {Finish}\n\n";
        var usageEvent = $"data: {usage}\n\n";
        const string after = "id: 9\ndata: [DONE]\n\n";
        var handler = StubHttpHandler.Answering(_ => StubHttpHandler.EventStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(before + usageEvent + after))));
        using var harness = Harness(handler);

        var (exchange, client) = await harness.RunAsync(clientAsksForUsage
            ? """{"model":"gpt-4o","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hi"}]}"""
            : StreamingChat);

        Assert.Equal(clientAsksForUsage ? before + usageEvent + after : before + after, client.BodyText);
        Assert.Equal(4, exchange.Usage!.Total);
        Assert.Equal(UpstreamOutcome.Success, exchange.Outcome);
    }

    [Fact]
    public async Task Run_Upstream429_Answers429WithRetryAfterAndRateLimitHeaders()
    {
        var handler = StubHttpHandler.Answering(_ => StubHttpHandler.Json((HttpStatusCode)429,
            """{"error":{"message":"Rate limit reached for requests","type":"requests","param":null,"code":"rate_limit_exceeded"}}""",
            ("retry-after-ms", "1500"), ("x-ratelimit-remaining-requests", "0"), ("x-ratelimit-reset-requests", "1.5s"), ("openai-organization", "org-private")));
        using var harness = Harness(handler);

        var (exchange, client) = await harness.RunAsync(Chat);

        Assert.Equal(429, client.Status);
        Assert.Equal("2", client.Header("retry-after"));
        Assert.Equal("0", client.Header("x-ratelimit-remaining-requests"));
        Assert.Equal("1.5s", client.Header("x-ratelimit-reset-requests"));
        Assert.Null(client.Header("openai-organization"));
        var error = Error(client);
        Assert.Equal("rate_limit_error", error.GetProperty("type").GetString());
        Assert.Equal("rate_limit_exceeded", error.GetProperty("code").GetString());
        Assert.Equal(UpstreamOutcome.RateLimited, exchange.Outcome);
        Assert.Equal(429, exchange.UpstreamStatus);
    }

    [Fact]
    public async Task Run_Upstream429WithoutAnyHint_StillSendsRetryAfter()
    {
        var handler = StubHttpHandler.Answering(_ => StubHttpHandler.Json((HttpStatusCode)429, "{}"));
        using var harness = Harness(handler);

        var (_, client) = await harness.RunAsync(Chat);

        Assert.Equal(429, client.Status);
        Assert.Equal("1", client.Header("retry-after"));
    }

    [Fact]
    public async Task Run_Upstream500_Answers502()
    {
        var handler = StubHttpHandler.Answering(_ => StubHttpHandler.Json(HttpStatusCode.InternalServerError, """{"error":{"message":"The server had an error"}}"""));
        using var harness = Harness(handler);

        var (exchange, client) = await harness.RunAsync(Chat);

        Assert.Equal(502, client.Status);
        var error = Error(client);
        Assert.Equal("server_error", error.GetProperty("type").GetString());
        Assert.Equal("upstream_error", error.GetProperty("code").GetString());
        Assert.Equal(UpstreamOutcome.ServerError, exchange.Outcome);
    }

    [Fact]
    public async Task Run_Upstream401_Answers502WithoutRevealingTheKey()
    {
        var handler = StubHttpHandler.Answering(_ => StubHttpHandler.Json(HttpStatusCode.Unauthorized,
            $$$"""{"error":{"message":"Incorrect API key provided: {{{BackendKey}}}","type":"invalid_request_error","code":"invalid_api_key"}}"""));
        using var harness = Harness(handler);

        var (exchange, client) = await harness.RunAsync(Chat);

        Assert.Equal(502, client.Status);
        Assert.DoesNotContain("key", client.BodyText, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(BackendKey, client.BodyText, StringComparison.Ordinal);
        Assert.Equal(UpstreamOutcome.AuthFailure, exchange.Outcome);
    }

    [Fact]
    public async Task Run_Upstream400_RelaysStatusAndUpstreamMessage()
    {
        var handler = StubHttpHandler.Answering(_ => StubHttpHandler.Json(HttpStatusCode.BadRequest,
            """{"error":{"message":"Unsupported parameter: 'max_tokens'","type":"invalid_request_error","param":"max_tokens","code":"unsupported_parameter"}}"""));
        using var harness = Harness(handler);

        var (_, client) = await harness.RunAsync(Chat);

        Assert.Equal(400, client.Status);
        Assert.Equal("Unsupported parameter: 'max_tokens'", Error(client).GetProperty("message").GetString());
    }

    [Fact]
    public async Task Run_Upstream503_Answers503Overloaded()
    {
        var handler = StubHttpHandler.Answering(_ => StubHttpHandler.Json(HttpStatusCode.ServiceUnavailable, "overloaded", ("retry-after", "7")));
        using var harness = Harness(handler);

        var (exchange, client) = await harness.RunAsync(Chat);

        Assert.Equal(503, client.Status);
        Assert.Equal("7", client.Header("retry-after"));
        Assert.Equal("backend_overloaded", Error(client).GetProperty("code").GetString());
        Assert.Equal(UpstreamOutcome.Overloaded, exchange.Outcome);
    }

    [Fact]
    public async Task Run_UpstreamUnreachable_Answers503()
    {
        var handler = new StubHttpHandler((_, _) => throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (upstream.test:80)"));
        using var harness = Harness(handler);

        var (exchange, client) = await harness.RunAsync(Chat);

        Assert.Equal(503, client.Status);
        var error = Error(client);
        Assert.Equal("backend_unreachable", error.GetProperty("code").GetString());
        Assert.DoesNotContain("upstream.test", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(UpstreamOutcome.ConnectFailed, exchange.Outcome);
    }

    [Fact]
    public async Task Run_StreamEndsWithoutDone_SendsTheEventThenAnInStreamError()
    {
        var handler = StubHttpHandler.Answering(_ => StubHttpHandler.EventStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes($"data: {Chunk1}\n\n"))));
        using var harness = Harness(handler);

        var (exchange, client) = await harness.RunAsync(StreamingChat);

        Assert.Equal(200, client.Status);
        var data = client.SseData;
        Assert.Equal(2, data.Count);
        Assert.Equal(Chunk1, data[0]);
        var error = InStreamError(data[1]);
        Assert.Equal("upstream_error", error.GetProperty("code").GetString());
        Assert.Equal(UpstreamOutcome.ProtocolError, exchange.Outcome);
        Assert.Equal(0, client.StartsAfterFirstWrite);
    }

    [Fact]
    public async Task Run_StreamStallsLongerThanIdleTimeout_SendsAnInStreamTimeoutAndCancelsTheRead()
    {
        var time = new FakeTimeProvider();
        var body = new ScriptedStream();
        var handler = StubHttpHandler.Answering(_ => StubHttpHandler.EventStream(body));
        using var harness = Harness(handler, time);

        var (exchange, client, run) = harness.Start(StreamingChat, CancellationToken.None);
        await body.WaitForPendingReadAsync().Within();
        body.Send($"data: {Chunk1}\n\n");
        await body.WaitForPendingReadAsync().Within();
        time.Advance(TimeSpan.FromSeconds(59));
        Assert.False(body.Cancelled.IsCompleted); // timers fire inside Advance: nothing fired yet
        time.Advance(TimeSpan.FromSeconds(2));
        await run.Within();

        await body.Cancelled.Within();
        var data = client.SseData;
        Assert.Equal(Chunk1, data[0]);
        var error = InStreamError(data[1]);
        Assert.Equal("upstream_timeout", error.GetProperty("code").GetString());
        Assert.Contains("60s", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, data.Count);
        Assert.Equal(UpstreamOutcome.IdleTimeout, exchange.Outcome);
        await body.Disposed.Within();
    }

    [Fact]
    public async Task Run_StreamWithGapsEachShorterThanIdleTimeout_CompletesThoughItOutlastsIt()
    {
        var time = new FakeTimeProvider();
        var body = new ScriptedStream();
        var handler = StubHttpHandler.Answering(_ => StubHttpHandler.EventStream(body));
        using var harness = Harness(handler, time);

        var (exchange, client, run) = harness.Start(StreamingChat, CancellationToken.None);
        foreach (var ev in new[] { Chunk1, Chunk2, Finish, "[DONE]" })
        {
            await body.WaitForPendingReadAsync().Within();
            time.Advance(TimeSpan.FromSeconds(50));
            body.Send($"data: {ev}\n\n");
        }
        await run.Within();

        Assert.Equal([Chunk1, Chunk2, Finish, "[DONE]"], client.SseData);
        Assert.Equal(UpstreamOutcome.Success, exchange.Outcome);
    }

    [Theory]
    [InlineData(false)] // relayed: an OpenAI client
    [InlineData(true)]  // translated: an Anthropic client
    public async Task Run_ClientSlowerThanTheIdleTimeout_StreamCompletes_TheIdleTimeoutCountsOnlyWaitsOnTheUpstream(bool translated)
    {
        var time = new FakeTimeProvider();
        var body = new ScriptedStream();
        var handler = StubHttpHandler.Answering(_ => StubHttpHandler.EventStream(body));
        using var harness = translated
            ? new GraphHarness(Louter.Streams.Protocols.Anthropic.AnthropicFrontend.Instance, akka.Materializer, time, handler, Upstream)
            : Harness(handler, time);
        var request = translated
            ? """{"model":"gpt-4o","max_tokens":20,"stream":true,"messages":[{"role":"user","content":"hi"}]}"""
            : StreamingChat;

        var (exchange, client, run) = harness.Start(request, CancellationToken.None);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstWrite = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Written += _ => firstWrite.TrySetResult();
        client.HoldWrites(release.Task);
        await body.WaitForPendingReadAsync().Within();
        body.Send($"data: {Chunk1}\n\n");
        await firstWrite.Task.Within();

        // The client takes 90 s over its first write; the upstream has nothing to do but wait on Louter.
        time.Advance(TimeSpan.FromSeconds(90));
        release.SetResult();
        foreach (var ev in new[] { Chunk2, Finish, "[DONE]" })
        {
            // The stream must still be reading the upstream, not ended on a timeout of its own.
            var read = body.WaitForPendingReadAsync();
            Assert.Same(read, await Task.WhenAny(read, run).Within());
            body.Send($"data: {ev}\n\n");
        }
        await run.Within();

        Assert.False(body.Cancelled.IsCompleted);
        Assert.Equal(UpstreamOutcome.Success, exchange.Outcome);
        if (translated)
        {
            Assert.Contains("Hello", client.BodyText, StringComparison.Ordinal);
            Assert.Contains("event: message_stop", client.BodyText, StringComparison.Ordinal);
            Assert.DoesNotContain("error", client.BodyText, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal([Chunk1, Chunk2, Finish, "[DONE]"], client.SseData);
        }
    }

    [Fact]
    public async Task Run_UpstreamNeverAnswers_Answers504AfterTheBackendTimeout()
    {
        var time = new FakeTimeProvider();
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new StubHttpHandler(async (_, ct) =>
        {
            using var registration = ct.Register(() => cancelled.TrySetResult());
            received.TrySetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            throw new InvalidOperationException("unreachable");
        });
        using var harness = Harness(handler, time);

        var (exchange, client, run) = harness.Start(Chat, CancellationToken.None);
        await received.Task.Within();
        time.Advance(TimeSpan.FromSeconds(299));
        Assert.False(cancelled.Task.IsCompleted); // timers fire inside Advance: nothing fired yet
        time.Advance(TimeSpan.FromSeconds(2));
        await run.Within();

        await cancelled.Task.Within();
        Assert.Equal(504, client.Status);
        Assert.Equal("upstream_timeout", Error(client).GetProperty("code").GetString());
        Assert.Equal(UpstreamOutcome.Timeout, exchange.Outcome);
    }

    [Fact]
    public async Task Run_ClientDisconnectsMidStream_CancelsTheUpstreamRead()
    {
        var body = new ScriptedStream();
        var handler = StubHttpHandler.Answering(_ => StubHttpHandler.EventStream(body));
        using var harness = Harness(handler);
        using var disconnect = new CancellationTokenSource();

        var (exchange, client, run) = harness.Start(StreamingChat, disconnect.Token);
        await body.WaitForPendingReadAsync().Within();
        body.Send($"data: {Chunk1}\n\n");
        await body.WaitForPendingReadAsync().Within();
        await disconnect.CancelAsync();
        await run.Within();

        await body.Cancelled.Within();
        await body.Disposed.Within();
        Assert.Equal([Chunk1], client.SseData);
        Assert.Equal(UpstreamOutcome.ClientCancelled, exchange.Outcome);
    }
}
