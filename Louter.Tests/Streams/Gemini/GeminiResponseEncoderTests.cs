using System.Text.Json;
using Louter.Streams.Canonical;
using Louter.Streams.Errors;
using Louter.Streams.Protocols.Gemini;
using Louter.Streams.Sse;
using Xunit;
using static Louter.Tests.Streams.Gemini.GeminiTestSupport;

namespace Louter.Tests.Streams.Gemini;

public sealed class GeminiResponseEncoderTests
{
    /// <summary>What an Anthropic backend might stream: thinking with a signature, text, then a tool call in fragments.</summary>
    private static readonly StreamEvent[] ToolTurn =
    [
        new MessageStart("msg_1", "claude-x"),
        new BlockStart(0, BlockKind.Thinking),
        new BlockDelta(0, DeltaKind.Thinking, "Need the weather."),
        new BlockDelta(0, DeltaKind.Signature, "anthropic-sig"),
        new BlockStop(0),
        new BlockStart(1, BlockKind.Text),
        new BlockDelta(1, DeltaKind.Text, "Checking "),
        new BlockDelta(1, DeltaKind.Text, "now."),
        new BlockStop(1),
        new BlockStart(2, BlockKind.ToolUse) { ToolId = "toolu_1", ToolName = "getWeather" },
        new BlockDelta(2, DeltaKind.ArgumentsJson, "{\"location\":"),
        new BlockDelta(2, DeltaKind.ArgumentsJson, "\"Tokyo\"}"),
        new BlockStop(2),
        new MessageDelta(StopReason.ToolUse) { Usage = new TokenUsage(100, 40) { CacheRead = 30, Reasoning = 12 } },
        MessageStop.Instance,
    ];

    private static List<JsonElement> Chunks(string sseBody) =>
        [.. SseData(sseBody).Select(d => JsonDocument.Parse(d).RootElement.Clone())];

    private static JsonElement PartOf(JsonElement chunk) => chunk.GetProperty("candidates")[0].GetProperty("content").GetProperty("parts")[0];

    [Fact]
    public void Sse_OneChunkPerDelta_ToolCallWhole_FinishAndUsageLast_NoDoneMarker()
    {
        var encoder = new GeminiResponseEncoder(stream: true, jsonArray: false);
        var body = Encode(encoder, ToolTurn);

        Assert.Equal("text/event-stream; charset=utf-8", encoder.ContentType);
        Assert.DoesNotContain("[DONE]", body, StringComparison.Ordinal);
        var chunks = Chunks(body);
        Assert.Equal(6, chunks.Count);

        Assert.Equal(("Need the weather.", true), (PartOf(chunks[0]).GetProperty("text").GetString(), PartOf(chunks[0]).GetProperty("thought").GetBoolean()));
        Assert.Equal("anthropic-sig", PartOf(chunks[1]).GetProperty("thoughtSignature").GetString());
        Assert.Equal(["Checking ", "now."], chunks[2..4].Select(c => PartOf(c).GetProperty("text").GetString()));

        var call = PartOf(chunks[4]).GetProperty("functionCall");
        Assert.Equal("""{"id":"toolu_1","name":"getWeather","args":{"location":"Tokyo"}}""", call.GetRawText());

        var last = chunks[5];
        Assert.Equal("STOP", last.GetProperty("candidates")[0].GetProperty("finishReason").GetString());
        Assert.Equal(
            """{"promptTokenCount":100,"candidatesTokenCount":28,"thoughtsTokenCount":12,"cachedContentTokenCount":30,"totalTokenCount":140}""",
            last.GetProperty("usageMetadata").GetRawText());
        Assert.All(chunks, c => Assert.Equal(("msg_1", "claude-x"), (c.GetProperty("responseId").GetString(), c.GetProperty("modelVersion").GetString())));
        Assert.All(chunks.Take(5), c => Assert.False(c.GetProperty("candidates")[0].TryGetProperty("finishReason", out _)));
    }

    [Fact]
    public void JsonArray_IsOneArrayWrittenElementByElement()
    {
        var encoder = new GeminiResponseEncoder(stream: true, jsonArray: true);
        var body = Encode(encoder, ToolTurn);

        Assert.Equal("application/json; charset=utf-8", encoder.ContentType);
        Assert.StartsWith("[{", body, StringComparison.Ordinal);
        Assert.EndsWith("}]", body, StringComparison.Ordinal);
        using var array = JsonDocument.Parse(body);
        Assert.Equal(6, array.RootElement.GetArrayLength());
        Assert.Equal(Chunks(Encode(new GeminiResponseEncoder(true, false), ToolTurn)).Select(c => c.GetRawText()),
            array.RootElement.EnumerateArray().Select(e => e.GetRawText()));
    }

    [Fact]
    public void JsonArray_NothingBeforeComplete_IsAnEmptyArray() =>
        Assert.Equal("[]", Encode(new GeminiResponseEncoder(true, true), []));

    [Fact]
    public void JsonArray_FailureAfterStart_IsAnErrorElementThenTheArrayCloses()
    {
        var encoder = new GeminiResponseEncoder(true, true);
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        encoder.Encode(new MessageStart("m", "x"), output);
        encoder.Encode(new BlockStart(0, BlockKind.Text), output);
        encoder.Encode(new BlockDelta(0, DeltaKind.Text, "hi"), output);
        encoder.Fail(new GatewayError(GatewayErrorKind.Unavailable, "overloaded"), output);
        encoder.Complete(output);

        using var array = JsonDocument.Parse(output.WrittenMemory);
        Assert.Equal(2, array.RootElement.GetArrayLength());
        Assert.Equal("UNAVAILABLE", array.RootElement[1].GetProperty("error").GetProperty("status").GetString());
    }

    [Fact]
    public void Sse_StreamErrorEvent_IsAnErrorDataEvent()
    {
        var body = Encode(new GeminiResponseEncoder(true, false), [new MessageStart("m", "x"), new StreamError(new GatewayError(GatewayErrorKind.BadGateway, "cut"))]);

        var error = Assert.Single(Chunks(body)).GetProperty("error");
        Assert.Equal((502, "INTERNAL", "cut"), (error.GetProperty("code").GetInt32(), error.GetProperty("status").GetString(), error.GetProperty("message").GetString()));
    }

    [Fact]
    public void NonStreamed_FailureIsThePlainErrorBody()
    {
        var output = new System.Buffers.ArrayBufferWriter<byte>();

        new GeminiResponseEncoder(stream: false, jsonArray: false).Fail(new GatewayError(GatewayErrorKind.BadGateway, "x"), output);

        Assert.StartsWith("{\"error\":", System.Text.Encoding.UTF8.GetString(output.WrittenSpan), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(StopReason.EndTurn, "STOP")]
    [InlineData(StopReason.ToolUse, "STOP")]
    [InlineData(StopReason.StopSequence, "STOP")]
    [InlineData(StopReason.MaxTokens, "MAX_TOKENS")]
    [InlineData(StopReason.ContextWindowExceeded, "MAX_TOKENS")]
    [InlineData(StopReason.ContentFilter, "SAFETY")]
    [InlineData(StopReason.Refusal, "SAFETY")]
    [InlineData(StopReason.Pause, "OTHER")]
    [InlineData(StopReason.Other, "OTHER")]
    public void StopReason_BecomesAFinishReason(StopReason reason, string finish)
    {
        var body = Encode(new GeminiResponseEncoder(true, false), [new MessageStart("m", "x"), new MessageDelta(reason), MessageStop.Instance]);

        Assert.Equal(finish, Assert.Single(Chunks(body)).GetProperty("candidates")[0].GetProperty("finishReason").GetString());
    }

    [Fact]
    public void NonStreamed_IsOneGenerateContentResponse()
    {
        var encoder = new GeminiResponseEncoder(stream: false, jsonArray: false);
        var body = encoder.EncodeResponse(new ChatResponse("r1", "gpt-x",
            [new TextBlock("Hi"), new ToolUseBlock("call_1", "f", "{\"a\":1}"), new OpaqueBlock("anthropic", "redacted_thinking", default)],
            StopReason.ToolUse) { Usage = new TokenUsage(10, 5) });

        Assert.Equal("application/json; charset=utf-8", encoder.ContentType);
        Assert.Equal(
            """{"candidates":[{"content":{"role":"model","parts":[{"text":"Hi"},{"functionCall":{"id":"call_1","name":"f","args":{"a":1}}}]},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":10,"candidatesTokenCount":5,"totalTokenCount":15},"modelVersion":"gpt-x","responseId":"r1"}""",
            System.Text.Encoding.UTF8.GetString(body));
    }

    [Theory]
    [InlineData("", "{}")]
    [InlineData("not json", """{"input":"not json"}""")]
    [InlineData("[1,2]", """{"input":"[1,2]"}""")]
    public void ToolArgumentsThatAreNotAnObject_AreSentAsAnObject(string arguments, string args)
    {
        var body = Encode(new GeminiResponseEncoder(true, false),
            [new MessageStart("m", "x"), new BlockStart(0, BlockKind.ToolUse) { ToolId = "t", ToolName = "f" }, new BlockDelta(0, DeltaKind.ArgumentsJson, arguments), new BlockStop(0)]);

        Assert.Equal(args, PartOf(Assert.Single(Chunks(body))).GetProperty("functionCall").GetProperty("args").GetRawText());
    }

    /// <summary>Round trip: canonical → Gemini SSE (this encoder) → canonical (the backend's decoder) is the identity.</summary>
    [Fact]
    public async Task RoundTrip_EncodedStreamDecodesToTheSameCanonicalEvents()
    {
        StreamEvent[] original =
        [
            new MessageStart("resp-9", "gemini-2.5-pro"),
            new BlockStart(0, BlockKind.Thinking),
            new BlockDelta(0, DeltaKind.Thinking, "Plan."),
            new BlockDelta(0, DeltaKind.Signature, "sig-t"),
            new BlockStop(0),
            new BlockStart(1, BlockKind.Text),
            new BlockDelta(1, DeltaKind.Text, "Calling "),
            new BlockDelta(1, DeltaKind.Text, "tools."),
            new BlockStop(1),
            new BlockStart(2, BlockKind.ToolUse) { ToolId = "call_a", ToolName = "search", ThoughtSignature = "sig-c" },
            new BlockDelta(2, DeltaKind.ArgumentsJson, """{"q":"x"}"""),
            new BlockStop(2),
            new BlockStart(3, BlockKind.ToolUse) { ToolId = "call_b", ToolName = "search" },
            new BlockDelta(3, DeltaKind.ArgumentsJson, """{"q":"y"}"""),
            new BlockStop(3),
            new MessageDelta(StopReason.ToolUse) { RawStopReason = "STOP", Usage = new TokenUsage(50, 30) { CacheRead = 10, Reasoning = 8 } },
            MessageStop.Instance,
        ];

        var body = Encode(new GeminiResponseEncoder(true, false), original);
        var decoded = await DecodeSseAsync(System.Text.Encoding.UTF8.GetBytes(body));

        Assert.Equal(Lines(original), Lines(decoded));
        Assert.Equal(original, decoded);
    }

    [Fact]
    public void RoundTrip_GeminiSignatureOpaqueBlockGoesBackAsASignedPart()
    {
        var body = Encode(new GeminiResponseEncoder(true, false),
            [new MessageStart("m", "x"), new BlockStart(0, BlockKind.Opaque) { Opaque = GeminiParts.SignatureBlock("s9") }, new BlockStop(0)]);

        var events = new List<StreamEvent>();
        new GeminiStreamDecoder().Decode(new SseEvent(null, System.Text.Encoding.UTF8.GetBytes(SseData(body)[0])), events);

        Assert.Equal("block 0 Opaque gemini/thoughtSignature \"s9\"", Line(events[1]));
    }
}
