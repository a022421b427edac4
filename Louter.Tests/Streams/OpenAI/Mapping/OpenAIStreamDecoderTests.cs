using System.Text;
using Louter.Streams.Canonical;
using Louter.Streams.Protocols.OpenAI.Mapping;
using Louter.Streams.Sse;
using Louter.Tests.Support;
using Xunit;

namespace Louter.Tests.Streams.OpenAI.Mapping;

public sealed class OpenAIStreamDecoderTests
{
    private static List<StreamEvent> Decode(params string[] data)
    {
        var decoder = new OpenAIStreamDecoder();
        var events = new List<StreamEvent>();
        foreach (var d in data) decoder.Decode(new SseEvent(null, Encoding.UTF8.GetBytes(d)), events);
        decoder.Complete(events);
        return events;
    }

    private static string Chunk(string delta, string? finish = null) =>
        $$"""{"id":"c1","object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":{{delta}},"finish_reason":{{(finish is null ? "null" : $"\"{finish}\"")}}}]}""";

    [Fact]
    public async Task Decode_RecordedOpenAIStream_GivesOneTextBlockAndEndTurn()
    {
        var events = new List<StreamEvent>();
        var decoder = new OpenAIStreamDecoder();
        await using (var reader = new SseReader(new MemoryStream(Fixtures.Bytes(Fixtures.OpenAIStreamingResponse))))
        {
            while (await reader.ReadAsync(TestContext.Current.CancellationToken) is { } ev) decoder.Decode(ev, events);
        }
        decoder.Complete(events);

        Assert.IsType<MessageStart>(events[0]);
        Assert.Equal(new BlockStart(0, BlockKind.Text), events[1]);
        var text = string.Concat(events.OfType<BlockDelta>().Select(d => d.Text));
        Assert.Contains("1", text, StringComparison.Ordinal);
        Assert.Contains("3", text, StringComparison.Ordinal);
        Assert.Equal(new BlockStop(0), events[^3]);
        Assert.Equal(StopReason.EndTurn, Assert.IsType<MessageDelta>(events[^2]).StopReason);
        Assert.IsType<MessageStop>(events[^1]);
    }

    [Fact]
    public void Decode_ToolCallFragmentsByIndex_EmitOneBlockPerCallWithItsArguments()
    {
        var events = Decode(
            Chunk("""{"role":"assistant","content":null}"""),
            Chunk("""{"tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"weather","arguments":""}}]}"""),
            Chunk("""{"tool_calls":[{"index":0,"id":"changed-every-chunk","function":{"arguments":"{\"ci"}}]}"""),
            Chunk("""{"tool_calls":[{"index":0,"function":{"arguments":"ty\":\"Paris\"}"}}]}"""),
            Chunk("""{"tool_calls":[{"index":1,"id":"call_b","type":"function","function":{"name":"time","arguments":"{}"}}]}"""),
            Chunk("{}", "tool_calls"),
            """{"id":"c1","object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15}}""",
            "[DONE]");

        var starts = events.OfType<BlockStart>().ToList();
        Assert.Equal([("call_a", "weather"), ("call_b", "time")], starts.Select(s => (s.ToolId!, s.ToolName!)));
        Assert.Equal("{\"city\":\"Paris\"}", string.Concat(events.OfType<BlockDelta>().Where(d => d.Index == starts[0].Index).Select(d => d.Text)));
        var delta = Assert.Single(events.OfType<MessageDelta>());
        Assert.Equal(StopReason.ToolUse, delta.StopReason);
        Assert.Equal(new TokenUsage(10, 5), delta.Usage);
    }

    [Fact]
    public void Decode_ReasoningThenContent_ThinkingBlockThenTextBlock()
    {
        var events = Decode(
            Chunk("""{"reasoning_content":"Let me think"}"""),
            Chunk("""{"reasoning":" harder"}"""),
            Chunk("""{"content":"42"}"""),
            Chunk("{}", "stop"),
            "[DONE]");

        Assert.Equal(new BlockStart(0, BlockKind.Thinking), events[1]);
        Assert.Equal("Let me think harder", string.Concat(events.OfType<BlockDelta>().Where(d => d.Kind == DeltaKind.Thinking).Select(d => d.Text)));
        Assert.Contains(new BlockStop(0), events);
        Assert.Contains(new BlockStart(1, BlockKind.Text), events);
    }

    [Fact]
    public void Decode_UsageChunkAfterTheFinish_EndsTheAnswer_AndDoneAddsNothing()
    {
        var decoder = new OpenAIStreamDecoder();
        var events = new List<StreamEvent>();
        void Feed(string data) => decoder.Decode(new SseEvent(null, Encoding.UTF8.GetBytes(data)), events);
        const string usage = """{"id":"c1","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}""";

        Feed(Chunk("""{"content":"hi"}"""));
        Feed(Chunk("{}", "stop"));
        Assert.IsType<BlockStop>(events[^1]);
        Feed(usage);

        Assert.Equal(StopReason.EndTurn, Assert.IsType<MessageDelta>(events[^2]).StopReason);
        var reported = ((MessageDelta)events[^2]).Usage!;
        Assert.Equal((5, 2), (reported.Input, reported.Output));
        Assert.IsType<MessageStop>(events[^1]);
        var count = events.Count;
        Feed("[DONE]");
        decoder.Complete(events);
        Assert.Equal(count, events.Count);
    }

    [Theory]
    [InlineData(false)] // usage before the finish (servers that report it on every chunk)
    [InlineData(true)]  // usage on the finish chunk itself, which has choices
    public void Decode_UsageNotAfterTheFinish_TheAnswerEndsAtDone(bool onTheFinishChunk)
    {
        var withUsage = ""","usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}""";
        var decoder = new OpenAIStreamDecoder();
        var events = new List<StreamEvent>();
        void Feed(string data) => decoder.Decode(new SseEvent(null, Encoding.UTF8.GetBytes(data)), events);

        Feed(Chunk("""{"content":"hi"}""")[..^1] + withUsage);
        Feed(onTheFinishChunk ? Chunk("{}", "stop")[..^1] + withUsage : Chunk("{}", "stop"));
        Assert.DoesNotContain(events, e => e is MessageDelta or MessageStop);
        Feed("[DONE]");

        Assert.IsType<MessageDelta>(events[^2]);
        Assert.IsType<MessageStop>(events[^1]);
    }

    [Fact]
    public void Complete_WithoutDoneOrFinish_IsAStreamError()
    {
        var events = Decode(Chunk("""{"content":"partial"}"""));

        Assert.IsType<StreamError>(events[^1]);
        Assert.DoesNotContain(events, e => e is MessageStop);
    }

    [Fact]
    public void Complete_AfterFinishButWithoutDone_FinishesNormally()
    {
        var events = Decode(Chunk("""{"content":"ok"}"""), Chunk("{}", "length"));

        Assert.Equal(StopReason.MaxTokens, Assert.IsType<MessageDelta>(events[^2]).StopReason);
        Assert.IsType<MessageStop>(events[^1]);
    }

    [Fact]
    public void Decode_ErrorChunk_IsAStreamError()
    {
        var events = Decode(Chunk("""{"content":"a"}"""), """{"error":{"message":"overloaded","type":"server_error"}}""");

        Assert.Contains("overloaded", Assert.IsType<StreamError>(events[^1]).Error.Message, StringComparison.Ordinal);
    }
}
