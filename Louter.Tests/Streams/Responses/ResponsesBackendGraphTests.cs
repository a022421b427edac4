using System.Net;
using System.Text.Json;
using Louter.Streams.Errors;
using Louter.Streams.Protocols.Anthropic;
using Louter.Streams.Routing;
using Louter.Tests.Streams.Pipeline;
using Louter.Tests.Support;
using Xunit;

namespace Louter.Tests.Streams.Responses;

/// <summary>
/// The whole request graph in front of a Responses-only backend whose HTTP answers are the fixtures:
/// an OpenAI Chat client and an Anthropic client each reach it, streaming and not, through the
/// canonical model (request built by the Responses codec, answer decoded by it, encoded for the client).
/// </summary>
public sealed class ResponsesBackendGraphTests(ActorSystemFixture akka) : IClassFixture<ActorSystemFixture>
{
    private const string BackendKey = "sk-responses-secret";

    private static readonly BackendDescriptor Upstream = new()
    {
        Name = "responses",
        Protocol = BackendProtocol.OpenAIResponses,
        // No /v1: the codec adds it, as OpenAI base URLs are written both ways.
        BaseUrl = new Uri("http://upstream.test"),
        ApiKey = BackendKey,
        ModelMapping = new Dictionary<string, string> { ["gpt-5"] = "gpt-5-2025-08-07", ["claude-sonnet-4-5"] = "gpt-5-2025-08-07" },
    };

    private const string Tools = """[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}]""";

    private GraphHarness Chat(HttpMessageHandler handler) => new(akka.Materializer, TimeProvider.System, handler, Upstream);

    private GraphHarness Anthropic(HttpMessageHandler handler) => new(AnthropicFrontend.Instance, akka.Materializer, TimeProvider.System, handler, Upstream);

    private static StubHttpHandler Answering(string fixture, bool stream) => StubHttpHandler.Answering(_ => stream
        ? StubHttpHandler.EventStream(new MemoryStream(ResponsesFixtures.Bytes(fixture)))
        : StubHttpHandler.Json(HttpStatusCode.OK, ResponsesFixtures.Text(fixture)));

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();

    /// <summary>An Anthropic SSE body → (event name, data) pairs.</summary>
    private static List<(string Event, JsonElement Data)> AnthropicEvents(string body) =>
    [
        .. body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(block =>
        {
            var lines = block.Split('\n');
            return (lines[0]["event: ".Length..], Parse(lines[1]["data: ".Length..]));
        }),
    ];

    [Fact]
    public async Task ChatClient_NotStreaming_GetsTheResponsesToolCallsAsAChatCompletion()
    {
        var handler = Answering(ResponsesFixtures.ResponseToolCalls, stream: false);
        using var harness = Chat(handler);

        var (exchange, client) = await harness.RunAsync($$"""{"model":"gpt-5","messages":[{"role":"system","content":"sys"},{"role":"user","content":"weather?"}],"tools":{{Tools}},"max_completion_tokens":500}""");

        var sent = Assert.Single(handler.Received);
        Assert.Equal("http://upstream.test/v1/responses", sent.Uri.AbsoluteUri);
        Assert.Equal("Bearer " + BackendKey, sent.Authorization);
        var body = Parse(sent.Body);
        Assert.Equal("gpt-5-2025-08-07", body.GetProperty("model").GetString());
        Assert.Equal("sys", body.GetProperty("instructions").GetString());
        Assert.Equal("weather?", body.GetProperty("input")[0].GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal("get_weather", body.GetProperty("tools")[0].GetProperty("name").GetString());
        Assert.Equal(500, body.GetProperty("max_output_tokens").GetInt32());
        Assert.False(body.GetProperty("store").GetBoolean());

        Assert.Equal(200, client.Status);
        var choice = Parse(client.BodyText).GetProperty("choices")[0];
        Assert.Equal("tool_calls", choice.GetProperty("finish_reason").GetString());
        var message = choice.GetProperty("message");
        Assert.Equal("Checking both.", message.GetProperty("content").GetString());
        var calls = message.GetProperty("tool_calls");
        Assert.Equal(3, calls.GetArrayLength());
        Assert.Equal("call_12xBh8T4q2d5Nf7Lm9Pw3Kr6", calls[0].GetProperty("id").GetString());
        Assert.Equal("""{"city":"Paris","unit":"c"}""", calls[0].GetProperty("function").GetProperty("arguments").GetString());
        Assert.Equal(new Louter.Streams.Canonical.TokenUsage(820, 230) { CacheRead = 512, Reasoning = 128 }, exchange.Usage);
        Assert.Equal(UpstreamOutcome.Success, exchange.Outcome);
    }

    [Fact]
    public async Task ChatClient_Streaming_GetsChunksThenDone()
    {
        var handler = Answering(ResponsesFixtures.StreamText, stream: true);
        using var harness = Chat(handler);

        var (exchange, client) = await harness.RunAsync("""{"model":"gpt-5","stream":true,"messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal("text/event-stream", Assert.Single(handler.Received).Accept);
        Assert.True(Parse(handler.Received[0].Body).GetProperty("stream").GetBoolean());
        Assert.Equal(200, client.Status);
        var data = client.SseData;
        Assert.Equal("[DONE]", data[^1]);
        var chunks = data.SkipLast(1).Select(Parse).ToList();
        var text = string.Concat(chunks.SelectMany(c => c.GetProperty("choices").EnumerateArray())
            .Select(c => c.GetProperty("delta").TryGetProperty("content", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : ""));
        Assert.Equal("Hello! Café au lait, s'il vous plaît 😀", text);
        Assert.Contains(chunks.SelectMany(c => c.GetProperty("choices").EnumerateArray()), c => c.GetProperty("finish_reason").GetString() == "stop");
        Assert.Equal(new Louter.Streams.Canonical.TokenUsage(2125, 15) { CacheRead = 2000 }, exchange.Usage);
        Assert.Equal(UpstreamOutcome.Success, exchange.Outcome);
    }

    [Fact]
    public async Task AnthropicClient_Streaming_GetsParallelCallsAsToolUseBlocks()
    {
        var handler = Answering(ResponsesFixtures.StreamFunctionCalls, stream: true);
        using var harness = Anthropic(handler);

        var (_, client) = await harness.RunAsync("""
            {"model":"claude-sonnet-4-5","max_tokens":1024,"stream":true,
             "tools":[{"name":"get_weather","input_schema":{"type":"object"}},{"name":"get_time","input_schema":{"type":"object"}}],
             "messages":[{"role":"user","content":"weather and time in Paris and Tokyo?"}]}
            """);

        var sent = Parse(Assert.Single(handler.Received).Body);
        Assert.Equal(1024, sent.GetProperty("max_output_tokens").GetInt32());
        Assert.Equal(["get_weather", "get_time"], sent.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        Assert.Equal(200, client.Status);
        var events = AnthropicEvents(client.BodyText);
        Assert.Equal("message_start", events[0].Event);
        var tools = events.Where(e => e.Event == "content_block_start").Select(e => e.Data.GetProperty("content_block")).ToList();
        Assert.Equal(["call_Zq1xGm2w8Vb3sYkT4nJ5pRcA", "call_Hk7tLw3Pq9Rz2Vx6Cm4Bn8Df"], tools.Select(t => t.GetProperty("id").GetString()));
        Assert.Equal(["get_weather", "get_time"], tools.Select(t => t.GetProperty("name").GetString()));
        var tokyo = string.Concat(events.Where(e => e.Event == "content_block_delta" && e.Data.GetProperty("index").GetInt32() == 1)
            .Select(e => e.Data.GetProperty("delta").GetProperty("partial_json").GetString()));
        Assert.Equal("""{"city":"Tokyo"}""", tokyo);
        Assert.Equal("tool_use", events.Single(e => e.Event == "message_delta").Data.GetProperty("delta").GetProperty("stop_reason").GetString());
        Assert.Equal("message_stop", events[^1].Event);
    }

    [Fact]
    public async Task AnthropicClient_NotStreaming_GetsAMessage()
    {
        var handler = Answering(ResponsesFixtures.ResponseText, stream: false);
        using var harness = Anthropic(handler);

        var (_, client) = await harness.RunAsync("""{"model":"claude-sonnet-4-5","max_tokens":100,"system":"be kind","messages":[{"role":"user","content":"a story"}]}""");

        Assert.Equal("be kind", Parse(Assert.Single(handler.Received).Body).GetProperty("instructions").GetString());
        Assert.Equal(200, client.Status);
        var message = Parse(client.BodyText);
        Assert.Equal("message", message.GetProperty("type").GetString());
        Assert.StartsWith("In a peaceful grove", message.GetProperty("content")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("end_turn", message.GetProperty("stop_reason").GetString());
        Assert.Equal(36, message.GetProperty("usage").GetProperty("input_tokens").GetInt32());
    }

    [Fact]
    public async Task AnthropicClient_FailedStream_GetsTheTextThenAnInStreamError()
    {
        var handler = Answering(ResponsesFixtures.StreamFailed, stream: true);
        using var harness = Anthropic(handler);

        var (exchange, client) = await harness.RunAsync("""{"model":"claude-sonnet-4-5","max_tokens":100,"stream":true,"messages":[{"role":"user","content":"a story"}]}""");

        Assert.Equal(200, client.Status);
        var events = AnthropicEvents(client.BodyText);
        Assert.Contains(events, e => e.Event == "content_block_delta" && e.Data.GetProperty("delta").GetProperty("text").GetString() == "Once upon a time");
        Assert.Equal("error", events[^1].Event);
        Assert.Equal("api_error", events[^1].Data.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(UpstreamOutcome.ProtocolError, exchange.Outcome);
    }

    [Fact]
    public async Task ChatClient_FailedResponseWithA200_IsARateLimitInTheClientsShape()
    {
        var handler = Answering(ResponsesFixtures.ResponseFailed, stream: false);
        using var harness = Chat(handler);

        var (_, client) = await harness.RunAsync("""{"model":"gpt-5","messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal(429, client.Status);
        var error = Parse(client.BodyText).GetProperty("error");
        Assert.Equal("rate_limit_error", error.GetProperty("type").GetString());
    }

    [Fact]
    public async Task ChatClient_AudioForAResponsesBackend_Is400WithoutCallingIt()
    {
        var handler = StubHttpHandler.Answering(_ => throw new InvalidOperationException("must not be called"));
        using var harness = Chat(handler);

        var (_, client) = await harness.RunAsync("""{"model":"gpt-5","messages":[{"role":"user","content":[{"type":"input_audio","input_audio":{"data":"UklGR","format":"wav"}}]}]}""");

        Assert.Equal(400, client.Status);
        Assert.Equal("unsupported_content", Parse(client.BodyText).GetProperty("error").GetProperty("code").GetString());
        Assert.Empty(handler.Received);
    }
}
