using System.Text.Json;
using Louter.Streams.Canonical;
using Louter.Streams.Errors;
using Xunit;
using static Louter.Tests.Streams.Responses.ResponsesFixtures;

namespace Louter.Tests.Streams.Responses;

public sealed class ResponsesStreamDecoderTests
{
    [Fact]
    public async Task Decode_TextStream_IsMessageStartOneTextBlockThenStopAndUsage()
    {
        var events = await DecodeAsync(StreamText);

        Assert.Equal(new MessageStart("resp_68af4030592c81938ec0a5fbab4a3e9f05438e46b5f69a3b", "gpt-5-2025-08-07"), events[0]);
        Assert.Equal(
        [
            new BlockStart(0, BlockKind.Text),
            new BlockDelta(0, DeltaKind.Text, "Hello"),
            new BlockDelta(0, DeltaKind.Text, "! Café au lait, "),
            new BlockDelta(0, DeltaKind.Text, "s'il vous plaît 😀"),
            new BlockStop(0),
        ], events.Skip(1).Take(5));
        var delta = Assert.IsType<MessageDelta>(events[6]);
        Assert.Equal((StopReason.EndTurn, "completed"), (delta.StopReason, delta.RawStopReason));
        Assert.Equal(new TokenUsage(2125, 15) { CacheRead = 2000 }, delta.Usage);
        Assert.Same(MessageStop.Instance, events[7]);
        Assert.Equal(8, events.Count);
    }

    [Fact]
    public async Task Decode_ParallelFunctionCalls_AreOneToolBlockEachWithCallIdNameAndJoinableFragments()
    {
        var events = await DecodeAsync(StreamFunctionCalls);

        var starts = events.OfType<BlockStart>().ToList();
        Assert.Equal(
        [
            new BlockStart(0, BlockKind.ToolUse) { ToolId = "call_Zq1xGm2w8Vb3sYkT4nJ5pRcA", ToolName = "get_weather" },
            new BlockStart(1, BlockKind.ToolUse) { ToolId = "call_Hk7tLw3Pq9Rz2Vx6Cm4Bn8Df", ToolName = "get_time" },
        ], starts);
        var first = events.OfType<BlockDelta>().Where(d => d.Index == 0).ToList();
        Assert.All(first, d => Assert.Equal(DeltaKind.ArgumentsJson, d.Kind));
        Assert.Equal(4, first.Count); // the fragments only: the .done event's whole arguments are not sent again
        var args = JsonDocument.Parse(string.Concat(first.Select(d => d.Text))).RootElement;
        Assert.Equal(("Paris", "c", "say \"hi\""), (args.GetProperty("city").GetString(), args.GetProperty("unit").GetString(), args.GetProperty("note").GetString()));
        Assert.Equal("""{"city":"Tokyo"}""", string.Concat(events.OfType<BlockDelta>().Where(d => d.Index == 1).Select(d => d.Text)));
        // One block open at a time: the first closes before the second starts.
        Assert.True(events.IndexOf(new BlockStop(0)) < events.IndexOf(starts[1]));
        Assert.Equal(StopReason.ToolUse, events.OfType<MessageDelta>().Single().StopReason);
        Assert.IsType<MessageStop>(events[^1]);
    }

    [Fact]
    public async Task Decode_ReasoningStream_IsAThinkingBlockOfTheSummaryThenTheItemAsAnOpaqueBlockThenText()
    {
        var events = await DecodeAsync(StreamReasoning);

        Assert.Equal(new BlockStart(0, BlockKind.Thinking), events[1]);
        var thinking = events.OfType<BlockDelta>().Where(d => d.Index == 0).ToList();
        Assert.All(thinking, d => Assert.Equal(DeltaKind.Thinking, d.Kind));
        Assert.Equal(
            "**Finding the GCD**\n\nI need the greatest common divisor of 1071 and 462.\n\n**Applying Euclid**\n\n1071 = 2·462 + 147, 462 = 3·147 + 21, 147 = 7·21. So the GCD is 21.",
            string.Concat(thinking.Select(d => d.Text)));
        var opaque = Assert.Single(events.OfType<BlockStart>(), b => b.Kind == BlockKind.Opaque);
        Assert.Equal(1, opaque.Index);
        Assert.Equal(("openai-responses", "reasoning"), (opaque.Opaque!.Provider, opaque.Opaque.Kind));
        Assert.StartsWith("gAAAAABor0O2", opaque.Opaque.Payload.GetProperty("encrypted_content").GetString(), StringComparison.Ordinal);
        Assert.Equal("rs_68af43b35d8881a0a1b2c3d4e5f6a7b80e5c4b3a29180716", opaque.Opaque.Payload.GetProperty("id").GetString());
        Assert.Equal(new BlockStop(1), events[events.IndexOf(opaque) + 1]);
        Assert.Equal(new BlockStart(2, BlockKind.Text), events.OfType<BlockStart>().Last());
        Assert.Equal("The GCD of 1071 and 462 is **21**.", string.Concat(events.OfType<BlockDelta>().Where(d => d.Index == 2).Select(d => d.Text)));
        var delta = events.OfType<MessageDelta>().Single();
        Assert.Equal(StopReason.EndTurn, delta.StopReason);
        Assert.Equal(new TokenUsage(64, 412) { Reasoning = 384 }, delta.Usage);
    }

    [Fact]
    public async Task Decode_CustomToolCall_IsAToolBlockWhoseFragmentsAreTheRawInput()
    {
        var events = await DecodeAsync(StreamCustomToolCall);

        Assert.Equal(new BlockStart(0, BlockKind.ToolUse) { ToolId = "call_Wm5Tn2Qk8Lr4Xv7Bz1Cy6Hd3", ToolName = "apply_patch" }, events[1]);
        Assert.Equal(
            "*** Begin Patch\n*** Update File: a.txt\n@@\n-old\n+new \"quoted\" {not json}\n*** End Patch",
            string.Concat(events.OfType<BlockDelta>().Select(d => Assert.IsType<BlockDelta>(d).Text)));
        Assert.All(events.OfType<BlockDelta>(), d => Assert.Equal(DeltaKind.ArgumentsJson, d.Kind));
        Assert.Equal(StopReason.ToolUse, events.OfType<MessageDelta>().Single().StopReason);
    }

    [Fact]
    public async Task Decode_Incomplete_EndsWithMaxTokensAndAMessageStop()
    {
        var events = await DecodeAsync(StreamIncomplete);

        Assert.Equal("Once upon a time, in a land far", string.Concat(events.OfType<BlockDelta>().Select(d => d.Text)));
        var delta = Assert.IsType<MessageDelta>(events[^2]);
        Assert.Equal((StopReason.MaxTokens, "max_output_tokens"), (delta.StopReason, delta.RawStopReason));
        Assert.Equal(new TokenUsage(22, 16), delta.Usage);
        Assert.IsType<MessageStop>(events[^1]);
    }

    [Fact]
    public async Task Decode_FailedResponse_EndsWithABadGatewayStreamErrorAndNothingElse()
    {
        var events = await DecodeAsync(StreamFailed);

        Assert.Equal(new BlockDelta(0, DeltaKind.Text, "Once upon a time"), events[^2]);
        var error = Assert.IsType<StreamError>(events[^1]).Error;
        Assert.Equal(GatewayErrorKind.BadGateway, error.Kind);
        Assert.Contains("server_error", error.Message, StringComparison.Ordinal);
        Assert.Contains("The server had an error", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decode_ErrorEvent_IsARateLimitStreamError()
    {
        var events = await DecodeAsync(StreamErrorEvent);

        Assert.IsType<MessageStart>(events[0]);
        var error = Assert.IsType<StreamError>(Assert.Single(events.Skip(1))).Error;
        Assert.Equal(GatewayErrorKind.RateLimited, error.Kind);
        Assert.Contains("Please try again in 1.4s.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_NestedErrorEvent_KeepsAnInvalidRequestAsTheClientsError()
    {
        var events = Decode(
        [
            Event("error", """{"type":"error","sequence_number":1,"error":{"type":"invalid_request_error","code":"context_length_exceeded","message":"Your input exceeds the context window of this model.","param":"input"}}"""),
        ]);

        var error = Assert.IsType<StreamError>(Assert.Single(events)).Error;
        Assert.Equal((GatewayErrorKind.UpstreamRejected, 400, "context_length_exceeded"), (error.Kind, error.Status, error.Code));
        Assert.Equal("Your input exceeds the context window of this model.", error.Message);
    }

    [Fact]
    public async Task Complete_WithoutATerminalEvent_AddsABadGatewayStreamError()
    {
        var all = await ReadEventsAsync(Bytes(StreamText));

        var events = Decode(all.Where(e => e.Event != "response.completed"));

        Assert.Equal(new BlockStop(0), events[^2]);
        var error = Assert.IsType<StreamError>(events[^1]).Error;
        Assert.Equal((GatewayErrorKind.BadGateway, "The backend closed the stream before it finished."), (error.Kind, error.Message));
    }

    [Fact]
    public void Decode_UnknownEventsAndFields_AreIgnored()
    {
        var events = Decode(
        [
            Event("response.created", """{"type":"response.created","sequence_number":0,"response":{"id":"r1","model":"m","brand_new":{"a":[1]}}}"""),
            Event("response.queued", """{"type":"response.queued","sequence_number":1}"""),
            Event("response.output_item.added", """{"type":"response.output_item.added","sequence_number":2,"output_index":0,"item":{"id":"ws_1","type":"web_search_call","status":"in_progress"}}"""),
            Event("response.web_search_call.searching", """{"type":"response.web_search_call.searching","sequence_number":3,"output_index":0,"item_id":"ws_1"}"""),
            Event("response.output_item.done", """{"type":"response.output_item.done","sequence_number":4,"output_index":0,"item":{"id":"ws_1","type":"web_search_call","status":"completed","action":{"type":"search"}}}"""),
            Event("response.output_text.delta", """{"type":"response.output_text.delta","sequence_number":5,"item_id":"msg_1","output_index":1,"content_index":0,"delta":"ok","logprobs":[],"obfuscation":"z","future":true}"""),
            Event("response.output_text.annotation.added", """{"type":"response.output_text.annotation.added","sequence_number":6,"item_id":"msg_1","output_index":1,"content_index":0,"annotation_index":0,"annotation":{"type":"url_citation"}}"""),
        ], complete: false);

        Assert.Equal([new MessageStart("r1", "m"), new BlockStart(0, BlockKind.Text), new BlockDelta(0, DeltaKind.Text, "ok")], events);
    }

    [Fact]
    public void Decode_ItemsSentWholeWithoutDeltas_AreStillGivenInFull()
    {
        var events = Decode(
        [
            Event("response.output_item.done", """{"type":"response.output_item.done","sequence_number":0,"output_index":0,"item":{"id":"rs_1","type":"reasoning","summary":[{"type":"summary_text","text":"hmm"}]}}"""),
            Event("response.output_item.done", """{"type":"response.output_item.done","sequence_number":1,"output_index":1,"item":{"id":"msg_1","type":"message","role":"assistant","content":[{"type":"output_text","text":"hi","annotations":[]}]}}"""),
            Event("response.output_item.done", """{"type":"response.output_item.done","sequence_number":2,"output_index":2,"item":{"id":"fc_1","type":"function_call","call_id":"call_1","name":"f","arguments":"{\"a\":1}"}}"""),
            Event("response.completed", """{"type":"response.completed","sequence_number":3,"response":{"id":"r","status":"completed","output":[]}}"""),
        ]);

        Assert.Equal(
        [
            new MessageStart("", ""),
            new BlockStart(0, BlockKind.Thinking), new BlockDelta(0, DeltaKind.Thinking, "hmm"), new BlockStop(0),
        ], events.Take(4));
        Assert.Equal(BlockKind.Opaque, Assert.IsType<BlockStart>(events[4]).Kind);
        Assert.Equal(
        [
            new BlockStop(1),
            new BlockStart(2, BlockKind.Text), new BlockDelta(2, DeltaKind.Text, "hi"), new BlockStop(2),
            new BlockStart(3, BlockKind.ToolUse) { ToolId = "call_1", ToolName = "f" }, new BlockDelta(3, DeltaKind.ArgumentsJson, """{"a":1}"""), new BlockStop(3),
        ], events.Skip(5).Take(7));
        Assert.Equal(StopReason.ToolUse, Assert.IsType<MessageDelta>(events[^2]).StopReason);
    }

    [Fact]
    public void Decode_RefusalStream_IsTextWithStopReasonRefusal()
    {
        var events = Decode(
        [
            Event("response.created", """{"type":"response.created","sequence_number":0,"response":{"id":"r","model":"m","status":"in_progress","output":[]}}"""),
            Event("response.output_item.added", """{"type":"response.output_item.added","sequence_number":1,"output_index":0,"item":{"id":"msg_1","type":"message","status":"in_progress","role":"assistant","content":[]}}"""),
            Event("response.content_part.added", """{"type":"response.content_part.added","sequence_number":2,"item_id":"msg_1","output_index":0,"content_index":0,"part":{"type":"refusal","refusal":""}}"""),
            Event("response.refusal.delta", """{"type":"response.refusal.delta","sequence_number":3,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"I can't help with that."}"""),
            Event("response.refusal.done", """{"type":"response.refusal.done","sequence_number":4,"item_id":"msg_1","output_index":0,"content_index":0,"refusal":"I can't help with that."}"""),
            Event("response.content_part.done", """{"type":"response.content_part.done","sequence_number":5,"item_id":"msg_1","output_index":0,"content_index":0,"part":{"type":"refusal","refusal":"I can't help with that."}}"""),
            Event("response.output_item.done", """{"type":"response.output_item.done","sequence_number":6,"output_index":0,"item":{"id":"msg_1","type":"message","status":"completed","role":"assistant","content":[{"type":"refusal","refusal":"I can't help with that."}]}}"""),
            Event("response.completed", """{"type":"response.completed","sequence_number":7,"response":{"id":"r","model":"m","status":"completed","output":[]}}"""),
        ]);

        Assert.Equal(
        [
            new MessageStart("r", "m"),
            new BlockStart(0, BlockKind.Text), new BlockDelta(0, DeltaKind.Text, "I can't help with that."), new BlockStop(0),
        ], events.Take(4));
        Assert.Equal(StopReason.Refusal, Assert.IsType<MessageDelta>(events[4]).StopReason);
    }

    [Fact]
    public void Decode_TextStreamWhoseFinalOutputIsARefusal_HasStopReasonRefusal()
    {
        // Louter in front of Anthropic learns of the refusal only at the end: the text streamed as
        // output_text, the final response says refusal.
        var events = Decode(
        [
            Event("response.created", """{"type":"response.created","sequence_number":0,"response":{"id":"r","model":"m","status":"in_progress","output":[]}}"""),
            Event("response.output_item.added", """{"type":"response.output_item.added","sequence_number":1,"output_index":0,"item":{"id":"msg_1","type":"message","status":"in_progress","role":"assistant","content":[]}}"""),
            Event("response.output_text.delta", """{"type":"response.output_text.delta","sequence_number":2,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"I won't.","logprobs":[]}"""),
            Event("response.completed", """{"type":"response.completed","sequence_number":3,"response":{"id":"r","model":"m","status":"completed","output":[{"id":"msg_1","type":"message","status":"completed","role":"assistant","content":[{"type":"refusal","refusal":"I won't."}]}]}}"""),
        ]);

        Assert.Equal(StopReason.Refusal, events.OfType<MessageDelta>().Single().StopReason);
    }

    [Fact]
    public void Decode_DataThatIsNotJson_IsABadGatewayStreamError()
    {
        var events = Decode([Event("response.output_text.delta", "{not json")]);

        Assert.Equal(GatewayErrorKind.BadGateway, Assert.IsType<StreamError>(Assert.Single(events)).Error.Kind);
    }

    [Fact]
    public void Decode_EventsWithoutNames_AreReadByTheirType()
    {
        var events = Decode(
        [
            new(null, """{"type":"response.created","sequence_number":0,"response":{"id":"r","model":"m"}}"""u8.ToArray()),
            new(null, """{"type":"response.output_text.delta","sequence_number":1,"item_id":"i","output_index":0,"content_index":0,"delta":"x"}"""u8.ToArray()),
            new(null, """{"type":"response.completed","sequence_number":2,"response":{"id":"r","status":"completed"}}"""u8.ToArray()),
        ]);

        Assert.Equal(
        [
            new MessageStart("r", "m"), new BlockStart(0, BlockKind.Text), new BlockDelta(0, DeltaKind.Text, "x"), new BlockStop(0),
        ], events.Take(4));
        Assert.Equal(StopReason.EndTurn, Assert.IsType<MessageDelta>(events[4]).StopReason);
    }

    public static TheoryData<string> Streams => [StreamText, StreamFunctionCalls, StreamReasoning, StreamCustomToolCall, StreamIncomplete, StreamFailed, StreamErrorEvent];

    /// <summary>
    /// The property: however the network cuts the bytes into reads, the canonical events are the same.
    /// 40 seeds per fixture, read sizes 1–23 bytes, plus one byte at a time.
    /// </summary>
    [Theory]
    [MemberData(nameof(Streams))]
    public async Task Decode_AnySplitOfTheBytesIntoReads_GivesTheSameCanonicalEvents(string fixture)
    {
        var expected = Describe(await DecodeAsync(fixture));

        Assert.Equal(expected, Describe(await DecodeAsync(fixture, () => 1)));
        for (var seed = 1; seed <= 40; seed++)
        {
            var random = new Random(seed);
            var actual = Describe(await DecodeAsync(fixture, () => random.Next(1, 24)));
            Assert.True(expected.SequenceEqual(actual), $"seed {seed} gave different events for {fixture}");
        }
    }

    /// <summary>Every fixture follows the canonical grammar: indexes from 0 in order, one block open at a time, a start before its deltas.</summary>
    [Theory]
    [MemberData(nameof(Streams))]
    public async Task Decode_EveryFixture_FollowsTheCanonicalGrammar(string fixture)
    {
        var events = await DecodeAsync(fixture);

        Assert.IsType<MessageStart>(events[0]);
        int? open = null;
        var next = 0;
        foreach (var ev in events.Skip(1))
        {
            switch (ev)
            {
                case BlockStart start:
                    Assert.Null(open);
                    Assert.Equal(next++, start.Index);
                    open = start.Index;
                    break;
                case BlockDelta delta:
                    Assert.Equal(open, delta.Index);
                    break;
                case BlockStop stop:
                    Assert.Equal(open, stop.Index);
                    open = null;
                    break;
                case MessageDelta or MessageStop or StreamError:
                    if (ev is not StreamError) Assert.Null(open);
                    break;
            }
        }
        Assert.True(events[^1] is MessageStop or StreamError);
    }

    /// <summary>Events as text: records print their values (JSON payloads as their raw text), so two parses compare equal.</summary>
    private static List<string> Describe(IEnumerable<StreamEvent> events) => [.. events.Select(e => e.ToString())];
}
