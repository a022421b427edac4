using System.Buffers;
using System.Text;
using System.Text.Json;
using Louter.Streams.Canonical;
using Louter.Streams.Errors;
using Louter.Streams.Protocols.Anthropic;
using Louter.Streams.Sse;
using Xunit;

namespace Louter.Tests.Streams.Anthropic;

public sealed class AnthropicResponseEncoderTests
{
    private const string RequestId = "req_0123456789abcdef01234567";

    private static AnthropicResponseEncoder Encoder(bool stream = true) => new(RequestId, "claude-test", stream);

    /// <summary>Encodes a canonical stream (then Complete) and returns the bytes the client gets.</summary>
    private static byte[] Encode(IEnumerable<StreamEvent> events, bool complete = true)
    {
        var encoder = Encoder();
        var output = new ArrayBufferWriter<byte>();
        foreach (var ev in events) encoder.Encode(ev, output);
        if (complete) encoder.Complete(output);
        return output.WrittenSpan.ToArray();
    }

    private static async Task<List<SseEvent>> EncodeAndReadAsync(IEnumerable<StreamEvent> events, bool complete = true)
    {
        var sse = await AnthropicFixtures.ReadEventsAsync(Encode(events, complete));
        AnthropicGrammar.AssertValid(sse);
        return sse;
    }

    private static JsonElement Data(SseEvent ev) => JsonDocument.Parse(ev.Data).RootElement;

    [Fact]
    public void Encode_CleanStream_WritesAnthropicsNamedEventsExactly()
    {
        var text = Encoding.UTF8.GetString(Encode(
        [
            new MessageStart("msg_1", "claude-x") { Usage = new TokenUsage(10, 0) },
            new BlockStart(0, BlockKind.Text),
            new BlockDelta(0, DeltaKind.Text, "Hi ‘you’ <b>"),
            new BlockStop(0),
            new MessageDelta(StopReason.EndTurn) { Usage = new TokenUsage(10, 3) },
            MessageStop.Instance,
        ]));

        Assert.Equal(
            """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-x","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":10,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":0}}}

            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi ‘you’ <b>"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":0}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"input_tokens":10,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":3}}

            event: message_stop
            data: {"type":"message_stop"}


            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public async Task Encode_ToolUseAndThinkingBlocks_StartAsAnthropicDoes()
    {
        var sse = await EncodeAndReadAsync(
        [
            new MessageStart("msg_1", "m"),
            new BlockStart(0, BlockKind.Thinking),
            new BlockDelta(0, DeltaKind.Thinking, "hmm"),
            new BlockDelta(0, DeltaKind.Signature, "sig"),
            new BlockStop(0),
            new BlockStart(1, BlockKind.ToolUse) { ToolId = "call_abc", ToolName = "get_weather" },
            new BlockDelta(1, DeltaKind.ArgumentsJson, "{\"city\":"),
            new BlockDelta(1, DeltaKind.ArgumentsJson, "\"Paris\"}"),
            new BlockStop(1),
            new MessageDelta(StopReason.ToolUse),
            MessageStop.Instance,
        ]);

        Assert.Equal("""{"type":"thinking","thinking":""}""", Data(sse[1]).GetProperty("content_block").GetRawText());
        Assert.Equal("""{"type":"signature_delta","signature":"sig"}""", Data(sse[3]).GetProperty("delta").GetRawText());
        // A canonical id is kept as given (only ids Louter makes up start with toolu_).
        Assert.Equal("""{"type":"tool_use","id":"call_abc","name":"get_weather","input":{}}""", Data(sse[5]).GetProperty("content_block").GetRawText());
        Assert.Equal("""{"type":"input_json_delta","partial_json":"{\"city\":"}""", Data(sse[6]).GetProperty("delta").GetRawText());
        Assert.Equal("tool_use", Data(sse[9]).GetProperty("delta").GetProperty("stop_reason").GetString());
    }

    [Fact]
    public async Task Encode_DeltasWithoutMessageStartOrBlockStart_StillMakeAValidStream()
    {
        var sse = await EncodeAndReadAsync(
        [
            new BlockDelta(0, DeltaKind.Text, "hi"),
            new BlockDelta(0, DeltaKind.Text, " there"),
            MessageStop.Instance,
        ]);

        var message = Data(sse[0]).GetProperty("message");
        Assert.Equal("msg_0123456789abcdef01234567", message.GetProperty("id").GetString());
        Assert.Equal("claude-test", message.GetProperty("model").GetString());
        Assert.Equal("hi there", AnthropicGrammar.Text(sse));
        Assert.Single(sse, e => e.Event == "content_block_start");
        Assert.Equal("end_turn", Data(sse.Single(e => e.Event == "message_delta")).GetProperty("delta").GetProperty("stop_reason").GetString());
    }

    [Fact]
    public async Task Encode_TwoBlocksOpenAtOnce_ClosesTheFirstAndNumbersBlocksInOrder()
    {
        var sse = await EncodeAndReadAsync(
        [
            new MessageStart("", ""),
            new BlockStart(0, BlockKind.Text),
            new BlockDelta(0, DeltaKind.Text, "a"),
            new BlockStart(1, BlockKind.ToolUse) { ToolName = "f" },
            new BlockDelta(0, DeltaKind.Text, "b"),
            new BlockDelta(1, DeltaKind.ArgumentsJson, "{}"),
            new BlockStop(0),
            new BlockStop(1),
            new MessageDelta(StopReason.ToolUse),
            MessageStop.Instance,
        ]);

        var starts = sse.Where(e => e.Event == "content_block_start").Select(e => Data(e).GetProperty("content_block")).ToList();
        Assert.Equal(["text", "tool_use", "text", "tool_use"], starts.Select(b => b.GetProperty("type").GetString()));
        Assert.Equal("ab", AnthropicGrammar.Text(sse));
        // Louter makes up an id, in Anthropic's form, only for a tool call that came without one.
        Assert.Equal("toolu_0123456789abcdef01234567_1", starts[1].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Encode_DeltaOfAnotherKindThanTheOpenBlock_OpensABlockOfItsKind()
    {
        var sse = await EncodeAndReadAsync(
        [
            new BlockStart(0, BlockKind.Text),
            new BlockDelta(0, DeltaKind.Thinking, "think"),
            new BlockDelta(0, DeltaKind.Text, "say"),
        ]);

        Assert.Equal(["text", "thinking", "text"], sse.Where(e => e.Event == "content_block_start")
            .Select(e => Data(e).GetProperty("content_block").GetProperty("type").GetString()));
    }

    [Fact]
    public async Task Encode_StopsForUnknownBlocksAndEventsAfterMessageStop_AreIgnored()
    {
        var sse = await EncodeAndReadAsync(
        [
            new MessageStart("m1", "x"),
            new BlockStop(7),
            new BlockStart(0, BlockKind.Text),
            new BlockDelta(0, DeltaKind.Text, "x"),
            new BlockStop(0),
            new BlockStop(0),
            new MessageStart("m2", "y"),
            MessageStop.Instance,
            new BlockDelta(0, DeltaKind.Text, "late"),
            new MessageDelta(StopReason.MaxTokens),
        ]);

        Assert.Equal("x", AnthropicGrammar.Text(sse));
        Assert.Equal("m1", Data(sse[0]).GetProperty("message").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Complete_WithoutAnyEvents_WritesAWholeEmptyMessage()
    {
        var sse = await EncodeAndReadAsync([]);

        Assert.Equal(["message_start", "message_delta", "message_stop"], sse.Select(e => e.Event));
    }

    [Fact]
    public async Task Complete_WithABlockStillOpenAndNoMessageDelta_ClosesItAndEndsTheMessage()
    {
        var sse = await EncodeAndReadAsync([new BlockStart(0, BlockKind.ToolUse) { ToolId = "t", ToolName = "f" }, new BlockDelta(0, DeltaKind.ArgumentsJson, "{}")]);

        Assert.Equal(["message_start", "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop"], sse.Select(e => e.Event));
        Assert.Equal("tool_use", Data(sse[4]).GetProperty("delta").GetProperty("stop_reason").GetString());
    }

    [Fact]
    public async Task Encode_StreamErrorMidBlock_EndsWithAnErrorEventAndIgnoresTheRest()
    {
        var error = new GatewayError(GatewayErrorKind.Unavailable, "Backend 'b' is overloaded.") { Code = "backend_overloaded" };
        var sse = await EncodeAndReadAsync(
        [
            new BlockStart(0, BlockKind.Text),
            new BlockDelta(0, DeltaKind.Text, "partial"),
            new StreamError(error),
            new BlockDelta(0, DeltaKind.Text, "more"),
            MessageStop.Instance,
        ]);

        Assert.Equal("error", sse[^1].Event);
        Assert.Equal("""{"type":"error","error":{"type":"overloaded_error","message":"Backend 'b' is overloaded."}}""", Encoding.UTF8.GetString(sse[^1].Data));
    }

    [Fact]
    public void Fail_WritesTheErrorEventInAnthropicsForm()
    {
        var output = new ArrayBufferWriter<byte>();

        Encoder().Fail(new GatewayError(GatewayErrorKind.RateLimited, "Slow down."), output);

        Assert.Equal("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Slow down.\"}}\n\n", Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public async Task Encode_AnotherProvidersOpaqueBlock_IsLeftOutWithItsDeltasAndIndexesStayContiguous()
    {
        var foreign = new OpaqueBlock("openai-responses", "reasoning", JsonDocument.Parse("""{"encrypted_content":"x"}""").RootElement);
        var sse = await EncodeAndReadAsync(
        [
            new BlockStart(0, BlockKind.Opaque) { Opaque = foreign },
            new BlockDelta(0, DeltaKind.Text, "hidden"),
            new BlockStop(0),
            new BlockStart(1, BlockKind.Text),
            new BlockDelta(1, DeltaKind.Text, "shown"),
        ]);

        Assert.Equal("shown", AnthropicGrammar.Text(sse));
        Assert.Equal(0, Data(sse.Single(e => e.Event == "content_block_start")).GetProperty("index").GetInt32());
    }

    [Fact]
    public async Task Encode_Usage_TakesCacheTokensOutOfInputTokensAndNeverGoesNegative()
    {
        var sse = await EncodeAndReadAsync(
        [
            new MessageStart("m", "x") { Usage = new TokenUsage(2125, 1) { CacheRead = 2000, CacheWrite = 100 } },
            new MessageDelta(StopReason.EndTurn) { Usage = new TokenUsage(50, 9) { CacheRead = 60 } },
        ]);

        Assert.Equal("""{"input_tokens":25,"cache_creation_input_tokens":100,"cache_read_input_tokens":2000,"output_tokens":1}""", Data(sse[0]).GetProperty("message").GetProperty("usage").GetRawText());
        Assert.Equal("""{"input_tokens":0,"cache_creation_input_tokens":0,"cache_read_input_tokens":60,"output_tokens":9}""", Data(sse[1]).GetProperty("usage").GetRawText());
    }

    [Fact]
    public async Task Encode_MessageDeltaWithoutUsage_RepeatsTheLastOutputCount()
    {
        var sse = await EncodeAndReadAsync([new MessageStart("m", "x") { Usage = new TokenUsage(5, 2) }, new MessageDelta(StopReason.MaxTokens)]);

        Assert.Equal("""{"output_tokens":2}""", Data(sse[1]).GetProperty("usage").GetRawText());
        Assert.Equal("max_tokens", Data(sse[1]).GetProperty("delta").GetProperty("stop_reason").GetString());
    }

    [Fact]
    public async Task Encode_ContentAfterMessageDeltaAndSeveralMessageDeltas_OneMessageDeltaAfterTheLastBlock()
    {
        // An OpenAI-style stream: the finish reason first, the usage in a later chunk, and a straggling delta.
        var sse = await EncodeAndReadAsync(
        [
            new BlockStart(0, BlockKind.Text),
            new BlockDelta(0, DeltaKind.Text, "a"),
            new MessageDelta(StopReason.StopSequence) { StopSequence = "END" },
            new BlockDelta(1, DeltaKind.Text, "b"),
            new MessageDelta(StopReason.StopSequence) { Usage = new TokenUsage(7, 3) },
            MessageStop.Instance,
        ]);

        Assert.Equal("ab", AnthropicGrammar.Text(sse));
        var delta = Data(Assert.Single(sse, e => e.Event == "message_delta"));
        Assert.Equal("""{"stop_reason":"stop_sequence","stop_sequence":"END"}""", delta.GetProperty("delta").GetRawText());
        Assert.Equal(3, delta.GetProperty("usage").GetProperty("output_tokens").GetInt64());
    }

    [Theory]
    [InlineData(StopReason.EndTurn, "end_turn")]
    [InlineData(StopReason.MaxTokens, "max_tokens")]
    [InlineData(StopReason.StopSequence, "stop_sequence")]
    [InlineData(StopReason.ToolUse, "tool_use")]
    [InlineData(StopReason.ContentFilter, "refusal")]
    [InlineData(StopReason.Refusal, "refusal")]
    [InlineData(StopReason.Pause, "pause_turn")]
    [InlineData(StopReason.ContextWindowExceeded, "model_context_window_exceeded")]
    [InlineData(StopReason.Other, "end_turn")]
    public void StopReasons_CanonicalToAnthropic(StopReason reason, string raw) =>
        Assert.Equal(raw, AnthropicStopReasons.FromCanonical(reason));

    /// <summary>
    /// Every fixture: Anthropic SSE → canonical → Anthropic SSE → canonical gives the same events, and
    /// the SSE Louter writes is valid grammar. (An upstream error comes back as an error of the same kind.)
    /// </summary>
    [Theory]
    [InlineData(AnthropicFixtures.StreamText)]
    [InlineData(AnthropicFixtures.StreamToolUse)]
    [InlineData(AnthropicFixtures.StreamThinking)]
    [InlineData(AnthropicFixtures.StreamRedactedThinking)]
    [InlineData(AnthropicFixtures.StreamError)]
    public async Task Encode_DecodedFixture_RoundTripsThroughTheEncoderAndDecoder(string fixture)
    {
        var canonical = await AnthropicStreamDecoderTests.DecodeFixtureAsync(fixture);

        var sse = await EncodeAndReadAsync(canonical, complete: false);
        var again = AnthropicStreamDecoderTests.Decode(sse);

        Assert.Equal(Comparable(canonical), Comparable(again));
    }

    private static List<string> Comparable(List<StreamEvent> events) =>
        [.. events.Select(e => e is StreamError s ? $"error {s.Error.Kind} {s.Error.Code}" : e.ToString())];

    /// <summary>
    /// The property behind the invariants: whatever order canonical events come in — random starts,
    /// deltas, stops, message deltas, errors — the encoder writes a valid Anthropic stream, loses no
    /// text that came before the end, and Louter's decoder reads it back.
    /// </summary>
    [Fact]
    public async Task Encode_RandomSloppyStreams_AlwaysGiveValidGrammarAndKeepTheText()
    {
        for (var seed = 1; seed <= 300; seed++)
        {
            var random = new Random(seed);
            var events = new List<StreamEvent>();
            var expectedText = new StringBuilder();
            var ended = false;
            for (var n = random.Next(0, 25); n > 0; n--)
            {
                var index = random.Next(0, 4);
                StreamEvent ev = random.Next(0, 20) switch
                {
                    < 4 => new BlockStart(index, (BlockKind)random.Next(0, 3)) { ToolId = random.Next(2) == 0 ? null : $"id{index}", ToolName = "f" },
                    < 12 => new BlockDelta(index, (DeltaKind)random.Next(0, 4), $"t{seed}.{n}"),
                    < 15 => new BlockStop(index),
                    < 17 => new MessageDelta((StopReason)random.Next(0, 9)) { Usage = random.Next(2) == 0 ? null : new TokenUsage(random.Next(0, 50), random.Next(0, 50)) { CacheRead = random.Next(0, 60) } },
                    17 => new MessageStart($"m{seed}", "x"),
                    18 => MessageStop.Instance,
                    _ => new StreamError(new GatewayError(GatewayErrorKind.BadGateway, "boom")),
                };
                events.Add(ev);
                if (ev is MessageStop or StreamError) ended = true;
                if (!ended && ev is BlockDelta { Kind: DeltaKind.Text } d) expectedText.Append(d.Text);
            }

            List<SseEvent> sse;
            try
            {
                sse = await EncodeAndReadAsync(events);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new Xunit.Sdk.XunitException($"seed {seed}: {string.Join(", ", events)}\n{e.Message}");
            }
            Assert.Equal(expectedText.ToString(), AnthropicGrammar.Text(sse));

            // Louter's own decoder reads the output back: the same text, and an error only where one was sent.
            var decoded = AnthropicStreamDecoderTests.Decode(sse);
            Assert.Equal(expectedText.ToString(), string.Concat(decoded.OfType<BlockDelta>().Where(d => d.Kind == DeltaKind.Text).Select(d => d.Text)));
            var sentError = events.TakeWhile(e => e is not MessageStop).Any(e => e is StreamError);
            Assert.Equal(sentError, decoded[^1] is StreamError);
        }
    }

    [Fact]
    public void EncodeResponse_TextToolUseAndThinking_IsAnAnthropicMessage()
    {
        var response = new ChatResponse("", "gpt-4o",
        [
            new ThinkingBlock("pondering"),
            new TextBlock("Checking."),
            new ToolUseBlock("", "get_weather", """{"city":"Paris"}"""),
            new ToolUseBlock("call_9", "noop", ""),
            new OpaqueBlock("anthropic", "redacted_thinking", JsonDocument.Parse("""{"type":"redacted_thinking","data":"zz"}""").RootElement),
            new AudioBlock(new MediaSource.Url("https://x/a.wav")),
        ], StopReason.ToolUse)
        {
            Usage = new TokenUsage(120, 30) { CacheRead = 100 },
        };

        var json = JsonDocument.Parse(Encoder(stream: false).EncodeResponse(response)).RootElement;

        Assert.Equal("msg_0123456789abcdef01234567", json.GetProperty("id").GetString());
        Assert.Equal(("message", "assistant", "gpt-4o"), (json.GetProperty("type").GetString(), json.GetProperty("role").GetString(), json.GetProperty("model").GetString()));
        var content = json.GetProperty("content");
        Assert.Equal(5, content.GetArrayLength());
        Assert.Equal("""{"type":"thinking","thinking":"pondering","signature":""}""", content[0].GetRawText());
        Assert.Equal("""{"type":"text","text":"Checking."}""", content[1].GetRawText());
        Assert.Equal("""{"type":"tool_use","id":"toolu_0123456789abcdef01234567_2","name":"get_weather","input":{"city":"Paris"}}""", content[2].GetRawText());
        Assert.Equal("""{"type":"tool_use","id":"call_9","name":"noop","input":{}}""", content[3].GetRawText());
        Assert.Equal("""{"type":"redacted_thinking","data":"zz"}""", content[4].GetRawText());
        Assert.Equal("tool_use", json.GetProperty("stop_reason").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("stop_sequence").ValueKind);
        Assert.Equal("""{"input_tokens":20,"cache_creation_input_tokens":0,"cache_read_input_tokens":100,"output_tokens":30}""", json.GetProperty("usage").GetRawText());
    }

    [Fact]
    public void EncodeResponse_DecodedByTheBackendCodec_GivesTheSameCanonicalAnswer()
    {
        var original = new AnthropicBackend().DecodeResponse(AnthropicFixtures.Bytes(AnthropicFixtures.ResponseThinking));

        var again = new AnthropicBackend().DecodeResponse(Encoder(stream: false).EncodeResponse(original));

        Assert.Equal((original.Id, original.Model, original.StopReason, original.RawStopReason, original.Usage), (again.Id, again.Model, again.StopReason, again.RawStopReason, again.Usage));
        Assert.Equal(original.Content.Count, again.Content.Count);
        Assert.Equal(original.Content[0], again.Content[0]);
        Assert.Equal(original.Content[2], again.Content[2]);
        // The opaque block goes back as the same JSON (whitespace aside).
        var (before, after) = (Assert.IsType<OpaqueBlock>(original.Content[1]), Assert.IsType<OpaqueBlock>(again.Content[1]));
        Assert.Equal((before.Provider, before.Kind), (after.Provider, after.Kind));
        Assert.True(JsonElement.DeepEquals(before.Payload, after.Payload));
    }

    [Fact]
    public void ContentType_FollowsTheStreamFlag()
    {
        Assert.Equal("text/event-stream; charset=utf-8", Encoder(stream: true).ContentType);
        Assert.Equal("application/json", Encoder(stream: false).ContentType);
    }

    [Fact]
    public void CreateEncoder_TakesIdsAndModelFromTheExchange()
    {
        var exchange = AnthropicFixtures.Exchange("""{"model":"claude-z","max_tokens":5,"stream":true,"messages":[{"role":"user","content":"hi"}]}""", "req_abc");
        AnthropicFrontend.Instance.Decode(exchange);
        var encoder = AnthropicFrontend.Instance.CreateEncoder(exchange);
        var output = new ArrayBufferWriter<byte>();

        encoder.Complete(output);

        var text = Encoding.UTF8.GetString(output.WrittenSpan);
        Assert.Contains("\"id\":\"msg_abc\"", text, StringComparison.Ordinal);
        Assert.Contains("\"model\":\"claude-z\"", text, StringComparison.Ordinal);
        Assert.Equal("text/event-stream; charset=utf-8", encoder.ContentType);
    }
}
