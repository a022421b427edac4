using System.Text;
using Louter.Streams.Canonical;
using Louter.Streams.Errors;
using Louter.Streams.Protocols.Gemini;
using Louter.Streams.Sse;
using Louter.Tests.Support;
using Xunit;
using static Louter.Tests.Streams.Gemini.GeminiTestSupport;

namespace Louter.Tests.Streams.Gemini;

public sealed class GeminiStreamDecoderTests
{
    [Fact]
    public async Task RecordedSseStream_DecodesToTextAndUsageWithThoughtsCountedAsOutput()
    {
        var events = await DecodeSseAsync(Fixtures.Bytes(StreamingSse));

        Assert.Equal(
            [
                "start 4HkhaaajEJaY0-kPyI_b2A4 gemini-2.5-flash",
                "block 0 Text",
                "delta 0 Text 1, 2, 3",
                "stop 0",
                "end EndTurn STOP in=8 out=30 cached=0 reasoning=23",
                "message_stop",
            ],
            Lines(events));
    }

    [Fact]
    public async Task RecordedJsonArrayStream_DecodesLikeTheSseForm()
    {
        var events = await DecodeArrayAsync(Fixtures.Bytes(StreamingArray));

        Assert.Equal(
            [
                "start wnkhadHIAcOY0-kPiLrNmAI gemini-2.5-flash",
                "block 0 Text",
                "delta 0 Text 1\n2\n3\n4\n5\n6\n7\n8\n9\n10",
                "stop 0",
                "end EndTurn STOP in=14 out=68 cached=0 reasoning=48",
                "message_stop",
            ],
            Lines(events));
    }

    [Fact]
    public async Task RecordedFunctionCall_IsOneToolUseBlockWithAGeneratedStableIdAndItsSignature()
    {
        var events = await DecodeSseAsync(Fixtures.Bytes(FunctionCallingResponse0));

        var start = Assert.IsType<BlockStart>(events[1]);
        Assert.Equal(BlockKind.ToolUse, start.Kind);
        Assert.Equal(("getWeather", "call_qpc2afWVFJK4vr0Pq6WiyAU_0"), (start.ToolName, start.ToolId));
        Assert.StartsWith("CikBcsjafFK168IbtVtoxVV0Tsn8O", start.ThoughtSignature, StringComparison.Ordinal);
        Assert.Equal(new BlockDelta(0, DeltaKind.ArgumentsJson, """{"location": "Tokyo"}"""), events[2]);
        Assert.Equal(new BlockStop(0), events[3]);
        var end = Assert.IsType<MessageDelta>(events[4]);
        Assert.Equal((StopReason.ToolUse, "STOP"), (end.StopReason, end.RawStopReason));
        Assert.Equal(new TokenUsage(83, 118) { Reasoning = 104 }, end.Usage);

        var again = await DecodeSseAsync(Fixtures.Bytes(FunctionCallingResponse0));
        Assert.Equal(start.ToolId, ((BlockStart)again[1]).ToolId);
    }

    [Fact]
    public async Task RecordedTwoChunkAnswer_ExtendsOneTextBlockAndKeepsTheLastUsage()
    {
        var events = await DecodeSseAsync(Fixtures.Bytes(FunctionCallingResponse1));

        Assert.Equal(
            [
                "start 45I2aaWZBumm2roPm8HR0Ao gemini-2.5-flash",
                "block 0 Text",
                "delta 0 Text 今日の東京の天気",
                "delta 0 Text は曇りで、気温は22度です。\n",
                "stop 0",
                "end EndTurn STOP in=138 out=15 cached=0 reasoning=0",
                "message_stop",
            ],
            Lines(events));
    }

    [Fact]
    public async Task RecordedLongStream_ConcatenatesToTheWholeAnswerWithFinalUsage()
    {
        var events = await DecodeSseAsync(Fixtures.Bytes(StreamingLongSse));

        var text = string.Concat(events.OfType<BlockDelta>().Select(d => d.Text));
        Assert.StartsWith("Okay, let's create a Tetris game", text, StringComparison.Ordinal);
        Assert.EndsWith(", hold functionality, sound, high scores, etc.", text, StringComparison.Ordinal);
        Assert.Single(events.OfType<BlockStart>());
        Assert.Equal(123, events.OfType<BlockDelta>().Count());
        var end = events.OfType<MessageDelta>().Single();
        Assert.Equal(new TokenUsage(4, 5947 + 2042) { Reasoning = 2042 }, end.Usage);
    }

    public static TheoryData<string, int> Splits => new()
    {
        { StreamingLongSse, 1 }, { StreamingLongSse, 2 }, { StreamingLongSse, 3 },
        { FunctionCallingResponse0, 4 }, { FunctionCallingResponse1, 5 }, { StreamingSse, 6 },
    };

    /// <summary>Property: however the network cuts the bytes, the canonical events are the same.</summary>
    [Theory]
    [MemberData(nameof(Splits))]
    public async Task AnySplitOfARecordedStream_GivesTheSameCanonicalEvents(string fixture, int seed)
    {
        var body = Fixtures.Bytes(fixture);
        var whole = Lines(await DecodeSseAsync(body));
        var random = new Random(seed);

        for (var run = 0; run < 5; run++)
        {
            var max = run switch { 0 => 1, 1 => 2, _ => random.Next(3, 200) };
            var split = Lines(await DecodeSseAsync(body, () => random.Next(1, max + 1)));
            Assert.Equal(whole, split);
        }
    }

    [Fact]
    public async Task ThoughtParts_AreOneThinkingBlock_AndATextSignatureFollowsItsText()
    {
        var events = await DecodeSseAsync(Authored("thinking_stream.txt"));

        Assert.Equal(
            [
                "start think-resp-1 gemini-2.5-pro",
                "block 0 Thinking",
                "delta 0 Thinking **Checking the arithmetic**\n\nThe user asks for 17 * 24.",
                "delta 0 Thinking  17 * 24 = 408.",
                "stop 0",
                "block 1 Text",
                "delta 1 Text 17 × 24 = ",
                "delta 1 Text 408",
                "stop 1",
                "block 2 Opaque gemini/thoughtSignature \"c2lnLXRleHQtMQ==\"",
                "stop 2",
                "end EndTurn STOP in=12 out=47 cached=4 reasoning=40",
                "message_stop",
            ],
            Lines(events));
    }

    [Fact]
    public async Task ParallelCalls_AreTwoToolBlocks_OnlyTheFirstSigned()
    {
        var events = await DecodeSseAsync(Authored("parallel_calls_stream.txt"));

        Assert.Equal(
            [
                "start par-resp-7 gemini-3-pro-preview",
                "block 0 ToolUse call_par-resp-7_0 getWeather sig=c2lnLWNhbGwtMQ==",
                """delta 0 ArgumentsJson {"location": "Paris"}""",
                "stop 0",
                "block 1 ToolUse call_par-resp-7_1 getWeather",
                """delta 1 ArgumentsJson {"location": "London"}""",
                "stop 1",
                "end ToolUse STOP in=60 out=50 cached=0 reasoning=30",
                "message_stop",
            ],
            Lines(events));
    }

    [Fact]
    public void FunctionCallWithId_KeepsItsId()
    {
        var events = new List<StreamEvent>();
        var decoder = new GeminiStreamDecoder();
        decoder.Decode(new SseEvent(null, Authored("calls_with_ids_response.json")), events);
        decoder.Complete(events);

        Assert.Contains("block 1 ToolUse fc-123 lookup sig=c2lnLWlkLTE=", Lines(events));
    }

    [Fact]
    public async Task StreamEndingWithoutFinishReason_IsACutOffStream()
    {
        var events = await DecodeSseAsync(Authored("cut_off_stream.txt"));

        Assert.Equal(
            ["start cut-resp-3 gemini-2.5-flash", "block 0 Text", "delta 0 Text The answer is", "stop 0",
             "error BadGateway The Gemini backend closed the stream before it finished."],
            Lines(events));
    }

    [Fact]
    public async Task EmptyStream_IsACutOffStream()
    {
        var events = await DecodeSseAsync([]);

        Assert.Equal(GatewayErrorKind.BadGateway, Assert.IsType<StreamError>(Assert.Single(events)).Error.Kind);
    }

    [Fact]
    public async Task ErrorElementInAnArrayStream_EndsTheStreamWithItsMeaningKept()
    {
        var events = await DecodeArrayAsync(Authored("array_stream_with_error.json"));

        Assert.Equal(
            ["start arr-resp-4 gemini-2.5-flash", "block 0 Text", "delta 0 Text Partial [",
             "error Unavailable The model is overloaded. Please try again later."],
            Lines(events));
    }

    [Fact]
    public void RateLimitErrorInStream_KeepsItsRetryDelay()
    {
        var events = new List<StreamEvent>();
        new GeminiStreamDecoder().Decode(new SseEvent(null, Authored("error_429.json")), events);

        var error = Assert.IsType<StreamError>(Assert.Single(events)).Error;
        Assert.Equal((GatewayErrorKind.RateLimited, TimeSpan.FromSeconds(27)), (error.Kind, error.RetryAfter));
    }

    [Fact]
    public void BlockedPrompt_IsAContentFilterStopNotACutOff()
    {
        var events = new List<StreamEvent>();
        var decoder = new GeminiStreamDecoder();
        decoder.Decode(new SseEvent(null, Authored("blocked_prompt.json")), events);
        decoder.Complete(events);

        Assert.Equal(["start blocked-resp-5 gemini-2.5-flash", "end ContentFilter SAFETY in=9 out=0 cached=0 reasoning=0", "message_stop"], Lines(events));
    }

    [Theory]
    [InlineData("MAX_TOKENS", StopReason.MaxTokens)]
    [InlineData("SAFETY", StopReason.ContentFilter)]
    [InlineData("RECITATION", StopReason.ContentFilter)]
    [InlineData("BLOCKLIST", StopReason.ContentFilter)]
    [InlineData("PROHIBITED_CONTENT", StopReason.ContentFilter)]
    [InlineData("SPII", StopReason.ContentFilter)]
    [InlineData("MALFORMED_FUNCTION_CALL", StopReason.Other)]
    [InlineData("OTHER", StopReason.Other)]
    [InlineData("SOMETHING_NEW", StopReason.Other)]
    public void FinishReason_MapsToAStopReasonKeepingTheRawOne(string reason, StopReason expected)
    {
        var events = new List<StreamEvent>();
        var decoder = new GeminiStreamDecoder();
        decoder.Decode(new SseEvent(null, Utf8($$"""{"candidates":[{"content":{"parts":[{"text":"x"}],"role":"model"},"finishReason":"{{reason}}","index":0}],"responseId":"r"}""")), events);
        decoder.Complete(events);

        var end = events.OfType<MessageDelta>().Single();
        Assert.Equal((expected, reason), (end.StopReason, end.RawStopReason));
    }

    [Fact]
    public void FreeformToolCall_ArgumentsAreTheRawInputString()
    {
        var events = new List<StreamEvent>();
        var decoder = new GeminiStreamDecoder(new HashSet<string> { "apply_patch" });
        decoder.Decode(new SseEvent(null, Utf8("""{"candidates":[{"content":{"parts":[{"functionCall":{"name":"apply_patch","args":{"input":"*** Begin Patch\n"}}}]},"finishReason":"STOP"}],"responseId":"r"}""")), events);

        Assert.Equal(new BlockDelta(0, DeltaKind.ArgumentsJson, "*** Begin Patch\n"), events[2]);
    }

    [Fact]
    public void ChunkThatIsNotJson_IsABadGatewayError()
    {
        var events = new List<StreamEvent>();
        new GeminiStreamDecoder().Decode(new SseEvent(null, Encoding.UTF8.GetBytes("{not json")), events);

        Assert.Equal(GatewayErrorKind.BadGateway, Assert.IsType<StreamError>(Assert.Single(events)).Error.Kind);
    }

    [Fact]
    public void OtherCandidatesAndUnknownFields_AreIgnored()
    {
        var events = new List<StreamEvent>();
        var decoder = new GeminiStreamDecoder();
        decoder.Decode(new SseEvent(null, Utf8("""
            {"candidates":[{"content":{"parts":[{"text":"one"}]},"index":1,"finishReason":"STOP"},
                           {"content":{"parts":[{"text":"zero","newField":1}]},"index":0,"finishReason":"STOP","groundingMetadata":{}}],
             "responseId":"r","somethingNew":true}
            """)), events);
        decoder.Complete(events);

        Assert.Equal(["start r ", "block 0 Text", "delta 0 Text zero", "stop 0", "end EndTurn STOP", "message_stop"], Lines(events));
    }
}
