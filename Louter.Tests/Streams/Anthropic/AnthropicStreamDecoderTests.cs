using System.Text;
using System.Text.Json;
using Louter.Streams.Canonical;
using Louter.Streams.Errors;
using Louter.Streams.Protocols.Anthropic;
using Louter.Streams.Sse;
using Xunit;

namespace Louter.Tests.Streams.Anthropic;

public sealed class AnthropicStreamDecoderTests
{
    internal static List<StreamEvent> Decode(IEnumerable<SseEvent> events, bool complete = true)
    {
        var decoder = new AnthropicBackend().CreateStreamDecoder();
        var output = new List<StreamEvent>();
        foreach (var ev in events) decoder.Decode(ev, output);
        if (complete) decoder.Complete(output);
        return output;
    }

    internal static async Task<List<StreamEvent>> DecodeFixtureAsync(string name, Func<int>? readSize = null) =>
        Decode(await AnthropicFixtures.ReadEventsAsync(AnthropicFixtures.Bytes(name), readSize));

    private static SseEvent Event(string name, string data) => new(name, Encoding.UTF8.GetBytes(data));

    [Fact]
    public async Task Decode_TextStream_MapsEveryEventAndConvertsUsageToCanonical()
    {
        var events = await DecodeFixtureAsync(AnthropicFixtures.StreamText);

        var start = Assert.IsType<MessageStart>(events[0]);
        Assert.Equal(("msg_01XFDUDYJgAACzvnptvVoYEL", "claude-sonnet-4-5-20250929"), (start.Id, start.Model));
        // input_tokens 25 excludes the 100 written to and 2000 read from the cache; canonical Input counts all.
        Assert.Equal(new TokenUsage(2125, 1) { CacheRead = 2000, CacheWrite = 100 }, start.Usage);
        Assert.Equal(new BlockStart(0, BlockKind.Text), events[1]);
        Assert.Equal(
            [new BlockDelta(0, DeltaKind.Text, "Hello"), new BlockDelta(0, DeltaKind.Text, "! Café au lait, "), new BlockDelta(0, DeltaKind.Text, "s'il vous plaît 😀")],
            events.Skip(2).Take(3));
        Assert.Equal(new BlockStop(0), events[5]);
        var delta = Assert.IsType<MessageDelta>(events[6]);
        Assert.Equal((StopReason.EndTurn, "end_turn", null), (delta.StopReason, delta.RawStopReason, delta.StopSequence));
        // message_delta said only output_tokens: the input counts from message_start stand.
        Assert.Equal(new TokenUsage(2125, 15) { CacheRead = 2000, CacheWrite = 100 }, delta.Usage);
        Assert.Same(MessageStop.Instance, events[7]);
        Assert.Equal(8, events.Count);
    }

    [Fact]
    public void Decode_ToolUseWithoutInputDeltas_GivesTheEmptyObject()
    {
        // A call without parameters: "input":{} at the start, then only an empty input_json_delta.
        var events = Decode(
        [
            Event("message_start", """{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude","content":[],"usage":{"input_tokens":5,"output_tokens":1}}}"""),
            Event("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_1","name":"get_time","input":{}}}"""),
            Event("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":""}}"""),
            Event("content_block_stop", """{"type":"content_block_stop","index":0}"""),
            Event("message_delta", """{"type":"message_delta","delta":{"stop_reason":"tool_use"},"usage":{"output_tokens":3}}"""),
            Event("message_stop", """{"type":"message_stop"}"""),
        ]);

        Assert.Equal([new BlockDelta(0, DeltaKind.ArgumentsJson, "{}")], events.OfType<BlockDelta>());
        Assert.Equal(new BlockStop(0), events.OfType<BlockStop>().Single());
    }

    [Fact]
    public async Task Decode_ToolUseStream_GivesIdNameAndArgumentFragmentsThatJoinToTheInput()
    {
        var events = await DecodeFixtureAsync(AnthropicFixtures.StreamToolUse);

        var start = Assert.Single(events.OfType<BlockStart>(), b => b.Kind == BlockKind.ToolUse);
        Assert.Equal((1, "toolu_01T1x1fJ34qAmk2tNTrN7Up6", "get_weather"), (start.Index, start.ToolId, start.ToolName));
        var fragments = events.OfType<BlockDelta>().Where(d => d.Kind == DeltaKind.ArgumentsJson).ToList();
        Assert.All(fragments, f => Assert.Equal(1, f.Index));
        Assert.DoesNotContain(fragments, f => f.Text.Length == 0); // the leading "" fragment carries nothing
        var input = JsonDocument.Parse(string.Concat(fragments.Select(f => f.Text))).RootElement;
        Assert.Equal("San Francisco, CA", input.GetProperty("location").GetString());
        Assert.Equal("fahrenheit", input.GetProperty("unit").GetString());
        Assert.Equal("say \"hi\"", input.GetProperty("note").GetString());
        Assert.Equal(StopReason.ToolUse, events.OfType<MessageDelta>().Single().StopReason);
    }

    [Fact]
    public async Task Decode_ThinkingStream_GivesThinkingDeltasThenTheSignature()
    {
        var events = await DecodeFixtureAsync(AnthropicFixtures.StreamThinking);

        Assert.Equal(new BlockStart(0, BlockKind.Thinking), events[1]);
        var deltas = events.OfType<BlockDelta>().Where(d => d.Index == 0).ToList();
        Assert.Equal([DeltaKind.Thinking, DeltaKind.Thinking, DeltaKind.Thinking, DeltaKind.Signature], deltas.Select(d => d.Kind));
        Assert.EndsWith("So the GCD is 21.", string.Concat(deltas.Take(3).Select(d => d.Text)), StringComparison.Ordinal);
        Assert.StartsWith("EqQBCgIYAhIM", deltas[3].Text, StringComparison.Ordinal);
        Assert.Equal(new BlockStart(1, BlockKind.Text), events.OfType<BlockStart>().Last());
        Assert.Equal(new TokenUsage(85, 212), events.OfType<MessageDelta>().Single().Usage);
    }

    [Fact]
    public async Task Decode_RedactedThinking_IsAnOpaqueAnthropicBlockHoldingTheWholeBlock()
    {
        var events = await DecodeFixtureAsync(AnthropicFixtures.StreamRedactedThinking);

        var start = Assert.IsType<BlockStart>(events[1]);
        Assert.Equal(BlockKind.Opaque, start.Kind);
        Assert.Equal(("anthropic", "redacted_thinking"), (start.Opaque!.Provider, start.Opaque.Kind));
        Assert.StartsWith("EmwKAhgBEgy3va3", start.Opaque.Payload.GetProperty("data").GetString(), StringComparison.Ordinal);
        Assert.Equal(new BlockStop(0), events[2]);
    }

    [Fact]
    public async Task Decode_ErrorEventAfterContent_EndsWithAnOverloadedStreamErrorAndNothingElse()
    {
        var events = await DecodeFixtureAsync(AnthropicFixtures.StreamError);

        Assert.Equal(new BlockDelta(0, DeltaKind.Text, "Once upon a time"), events[^2]);
        var error = Assert.IsType<StreamError>(events[^1]).Error;
        Assert.Equal(GatewayErrorKind.Unavailable, error.Kind);
        Assert.Equal("backend_overloaded", error.Code);
        Assert.Contains("Overloaded", error.Message, StringComparison.Ordinal);
        Assert.Equal("overloaded_error", AnthropicErrors.TypeOf(error));
    }

    [Theory]
    [InlineData("rate_limit_error", GatewayErrorKind.RateLimited)]
    [InlineData("api_error", GatewayErrorKind.BadGateway)]
    [InlineData("invalid_request_error", GatewayErrorKind.BadGateway)]
    public void Decode_ErrorEvent_MapsItsTypeToAGatewayErrorKind(string type, GatewayErrorKind kind)
    {
        var events = Decode([Event("error", $$$"""{"type":"error","error":{"type":"{{{type}}}","message":"m"}}""")]);

        Assert.Equal(kind, Assert.IsType<StreamError>(Assert.Single(events)).Error.Kind);
    }

    [Fact]
    public async Task Complete_WithoutMessageStop_AddsABadGatewayStreamError()
    {
        var all = await AnthropicFixtures.ReadEventsAsync(AnthropicFixtures.Bytes(AnthropicFixtures.StreamText));
        var cut = all.Where(e => e.Event != "message_stop");

        var events = Decode(cut);

        var error = Assert.IsType<StreamError>(events[^1]).Error;
        Assert.Equal(GatewayErrorKind.BadGateway, error.Kind);
        Assert.Equal("The backend closed the stream before it finished.", error.Message);
    }

    [Fact]
    public async Task Complete_AfterMessageStop_AddsNothing()
    {
        var events = await DecodeFixtureAsync(AnthropicFixtures.StreamText);

        Assert.IsType<MessageStop>(events[^1]);
    }

    [Fact]
    public void Decode_PingsUnknownEventsUnknownDeltasAndCitations_AreIgnored()
    {
        var events = Decode(
        [
            Event("ping", """{"type":"ping"}"""),
            Event("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":"","citations":[]}}"""),
            Event("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"citations_delta","citation":{"type":"char_location","cited_text":"x"}}}"""),
            Event("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"future_delta","stuff":1}}"""),
            Event("brand_new_event", """{"type":"brand_new_event","x":{"y":[1]}}"""),
            Event("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"ok","extra_field":true}}"""),
        ], complete: false);

        Assert.Equal([new BlockStart(0, BlockKind.Text), new BlockDelta(0, DeltaKind.Text, "ok")], events);
    }

    [Fact]
    public void Decode_MessageDeltaWithFullUsage_ReplacesTheTotalsInsteadOfAdding()
    {
        var events = Decode(
        [
            Event("message_start", """{"type":"message_start","message":{"id":"m","model":"c","content":[],"usage":{"input_tokens":10,"cache_read_input_tokens":5,"output_tokens":1}}}"""),
            Event("message_delta", """{"type":"message_delta","delta":{"stop_reason":"max_tokens","stop_sequence":null},"usage":{"output_tokens":40}}"""),
            Event("message_delta", """{"type":"message_delta","delta":{"stop_reason":"max_tokens","stop_sequence":null},"usage":{"input_tokens":12,"cache_creation_input_tokens":3,"cache_read_input_tokens":5,"output_tokens":50}}"""),
        ], complete: false);

        var deltas = events.OfType<MessageDelta>().ToList();
        Assert.Equal(new TokenUsage(15, 40) { CacheRead = 5 }, deltas[0].Usage);
        Assert.Equal(new TokenUsage(20, 50) { CacheRead = 5, CacheWrite = 3 }, deltas[1].Usage);
        Assert.Equal(StopReason.MaxTokens, deltas[1].StopReason);
    }

    [Fact]
    public void Decode_StopSequence_IsKeptBesideTheStopReason()
    {
        var events = Decode([Event("message_delta", """{"type":"message_delta","delta":{"stop_reason":"stop_sequence","stop_sequence":"END"},"usage":{"output_tokens":3}}""")], complete: false);

        var delta = Assert.IsType<MessageDelta>(Assert.Single(events));
        Assert.Equal((StopReason.StopSequence, "END"), (delta.StopReason, delta.StopSequence));
    }

    [Fact]
    public void Decode_DataThatIsNotJson_IsABadGatewayStreamError()
    {
        var events = Decode([Event("content_block_delta", "{not json")]);

        Assert.Equal(GatewayErrorKind.BadGateway, Assert.IsType<StreamError>(Assert.Single(events)).Error.Kind);
    }

    [Fact]
    public void Decode_ServerToolBlock_IsOpaqueAndItsInputDeltasAreNotPassedOn()
    {
        var events = Decode(
        [
            Event("content_block_start", """{"type":"content_block_start","index":0,"content_block":{"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{}}}"""),
            Event("content_block_delta", """{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\"query\":\"x\"}"}}"""),
            Event("content_block_stop", """{"type":"content_block_stop","index":0}"""),
        ], complete: false);

        Assert.Equal(BlockKind.Opaque, Assert.IsType<BlockStart>(events[0]).Kind);
        Assert.Equal(new BlockStop(0), events[1]);
    }

    [Theory]
    [InlineData("end_turn", StopReason.EndTurn)]
    [InlineData("max_tokens", StopReason.MaxTokens)]
    [InlineData("stop_sequence", StopReason.StopSequence)]
    [InlineData("tool_use", StopReason.ToolUse)]
    [InlineData("pause_turn", StopReason.Pause)]
    [InlineData("refusal", StopReason.Refusal)]
    [InlineData("model_context_window_exceeded", StopReason.ContextWindowExceeded)]
    [InlineData("something_new", StopReason.Other)]
    public void StopReasons_AnthropicToCanonical(string raw, StopReason reason) =>
        Assert.Equal(reason, AnthropicStopReasons.ToCanonical(raw));

    /// <summary>
    /// The property: however the network cuts the bytes into reads, the canonical events are the same.
    /// 40 seeds per fixture, read sizes 1–23 bytes, plus one byte at a time.
    /// </summary>
    [Theory]
    [InlineData(AnthropicFixtures.StreamText)]
    [InlineData(AnthropicFixtures.StreamToolUse)]
    [InlineData(AnthropicFixtures.StreamThinking)]
    [InlineData(AnthropicFixtures.StreamRedactedThinking)]
    [InlineData(AnthropicFixtures.StreamError)]
    public async Task Decode_AnySplitOfTheBytesIntoReads_GivesTheSameCanonicalEvents(string fixture)
    {
        var expected = Describe(await DecodeFixtureAsync(fixture));

        Assert.Equal(expected, Describe(await DecodeFixtureAsync(fixture, () => 1)));
        for (var seed = 1; seed <= 40; seed++)
        {
            var random = new Random(seed);
            var actual = Describe(await DecodeFixtureAsync(fixture, () => random.Next(1, 24)));
            Assert.True(expected.SequenceEqual(actual), $"seed {seed} gave different events for {fixture}");
        }
    }

    /// <summary>Events as text: records print their values (JSON payloads as their raw text), so two parses compare equal.</summary>
    internal static List<string> Describe(IEnumerable<StreamEvent> events) => [.. events.Select(e => e.ToString())];
}
