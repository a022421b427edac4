using System.Text.Json;
using Louter.Streams.Canonical;
using Louter.Streams.Errors;
using Louter.Streams.Protocols.Xml;
using Xunit;

namespace Louter.Tests.Streams.Xml;

public sealed class XmlToolCallTransformerTests
{
    private static readonly IReadOnlyList<ToolDefinition> Tools =
    [
        new("get_weather")
        {
            InputSchema = JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string"},"days":{"type":"integer"}}}""").RootElement,
        },
        new("get_time")
        {
            InputSchema = JsonDocument.Parse("""{"type":"object","properties":{"zone":{"type":"string"},"utc":{"type":"boolean"}}}""").RootElement,
        },
    ];

    private const string TwoCalls =
        "Let me check.\n<tool_call>\n<function=get_weather>\n<parameter=city>\nParis\n</parameter>\n<parameter=days>\n3\n</parameter>\n</function>\n</tool_call>\n"
        + "<tool_call>\n<function=get_time>\n<parameter=zone>\n0100\n</parameter>\n<parameter=utc>\ntrue\n</parameter>\n</function>\n</tool_call>";

    /// <summary>A backend's stream: one text block (at <paramref name="textIndex"/>) carrying the fragments.</summary>
    private static List<StreamEvent> TextStream(IEnumerable<string> fragments, StopReason stop = StopReason.EndTurn, int textIndex = 0)
    {
        List<StreamEvent> events = [new MessageStart("msg_1", "qwen3-coder"), new BlockStart(textIndex, BlockKind.Text)];
        events.AddRange(fragments.Select(f => new BlockDelta(textIndex, DeltaKind.Text, f)));
        events.Add(new BlockStop(textIndex));
        events.Add(new MessageDelta(stop) { RawStopReason = "stop", Usage = new TokenUsage(10, 20) });
        events.Add(MessageStop.Instance);
        return events;
    }

    private static List<StreamEvent> Run(XmlToolCallTransformer transformer, IEnumerable<StreamEvent> input)
    {
        var output = new List<StreamEvent>();
        foreach (var e in input)
            transformer.Process(e, output);
        transformer.Complete(output);
        return output;
    }

    private static IEnumerable<string> Chunks(string text, int size) =>
        Enumerable.Range(0, (text.Length + size - 1) / size).Select(i => text.Substring(i * size, Math.Min(size, text.Length - (i * size))));

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(1000)]
    public void Process_XmlSplitAcrossDeltas_BecomesValidStreamWithTypedToolCalls(int chunkSize)
    {
        var transformer = new XmlToolCallTransformer(Tools);

        var output = Run(transformer, TextStream(Chunks(TwoCalls, chunkSize)));

        CanonicalStreamAssert.Valid(output);
        Assert.Equal(
            [
                new FoldedBlock(BlockKind.Text, null, null, "Let me check.\n"),
                new FoldedBlock(BlockKind.ToolUse, "call_xml_1", "get_weather", """{"city":"Paris","days":3}"""),
                new FoldedBlock(BlockKind.ToolUse, "call_xml_2", "get_time", """{"zone":"0100","utc":true}"""),
            ],
            CanonicalStreamAssert.Blocks(output));
        Assert.Equal(2, transformer.ToolCallCount);
        Assert.Empty(transformer.Warnings);
    }

    [Fact]
    public void Process_EachCall_IsOneStartOneArgumentsDeltaAndOneStop()
    {
        var output = Run(new XmlToolCallTransformer(Tools), TextStream(Chunks(TwoCalls, 5)));

        var firstCall = output.FindIndex(e => e is BlockStart { Kind: BlockKind.ToolUse });
        Assert.Equal(new BlockStart(1, BlockKind.ToolUse) { ToolId = "call_xml_1", ToolName = "get_weather" }, output[firstCall]);
        Assert.Equal(new BlockDelta(1, DeltaKind.ArgumentsJson, """{"city":"Paris","days":3}"""), output[firstCall + 1]);
        Assert.Equal(new BlockStop(1), output[firstCall + 2]);
    }

    [Fact]
    public void Process_TextBeforeTheCall_StreamsAsSoonAsItCannotBeATag()
    {
        var transformer = new XmlToolCallTransformer(Tools);
        var output = new List<StreamEvent>();
        transformer.Process(new MessageStart("m", "q"), output);
        transformer.Process(new BlockStart(0, BlockKind.Text), output);

        transformer.Process(new BlockDelta(0, DeltaKind.Text, "Let me check.<tool"), output);

        Assert.Equal(
            [new MessageStart("m", "q"), new BlockStart(0, BlockKind.Text), new BlockDelta(0, DeltaKind.Text, "Let me check.")],
            output);
    }

    [Fact]
    public void Process_WhenCallsWereFound_StopReasonBecomesToolUseAndKeepsRawReasonAndUsage()
    {
        var output = Run(new XmlToolCallTransformer(Tools), TextStream([TwoCalls]));

        var delta = Assert.Single(output.OfType<MessageDelta>());
        Assert.Equal(StopReason.ToolUse, delta.StopReason);
        Assert.Equal("stop", delta.RawStopReason);
        Assert.Equal(new TokenUsage(10, 20), delta.Usage);
    }

    [Fact]
    public void Process_WithoutCalls_IsTheSameStreamAndStopReason()
    {
        var input = TextStream(["Hello <b>", "world</b> a < b"]);

        var output = Run(new XmlToolCallTransformer(Tools), input);

        Assert.Equal(input, output);
    }

    [Fact]
    public void Process_CallsCutOffByMaxTokens_KeepMaxTokens_AndTheUnfinishedCallIsTextWithAWarning()
    {
        var transformer = new XmlToolCallTransformer(Tools);
        const string cut = "<tool_call>\n<function=get_time>\n<parameter=zone>\nUT";

        var output = Run(transformer, TextStream(Chunks(TwoCalls + "\n" + cut, 4), StopReason.MaxTokens));

        CanonicalStreamAssert.Valid(output);
        Assert.Equal(StopReason.MaxTokens, Assert.Single(output.OfType<MessageDelta>()).StopReason);
        var blocks = CanonicalStreamAssert.Blocks(output);
        Assert.Equal(new FoldedBlock(BlockKind.Text, null, null, "\n" + cut), blocks[^1]);
        Assert.Contains("ended inside", Assert.Single(transformer.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void Process_MalformedBlock_GoesOutAsTextWithAWarning_AndLaterCallsStillWork()
    {
        var transformer = new XmlToolCallTransformer(Tools);
        const string broken = "<tool_call>\n{\"name\": \"get_time\"}\n</tool_call>";

        var output = Run(transformer, TextStream(Chunks($"Try: {broken}\n<tool_call><function=get_time></function></tool_call>", 6)));

        CanonicalStreamAssert.Valid(output);
        Assert.Equal(
            [
                new FoldedBlock(BlockKind.Text, null, null, $"Try: {broken}\n"),
                new FoldedBlock(BlockKind.ToolUse, "call_xml_1", "get_time", "{}"),
            ],
            CanonicalStreamAssert.Blocks(output));
        Assert.StartsWith("malformed", Assert.Single(transformer.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void Process_TextBetweenAndAfterCalls_IsItsOwnTextBlock_ButTemplateNewlinesAloneAreDropped()
    {
        const string call = "<tool_call>\n<function=get_time>\n</function>\n</tool_call>";

        var output = Run(new XmlToolCallTransformer(Tools), TextStream(Chunks($"\n{call}\n\n{call}\nBetween.\n{call}\n  \nAfter.\n", 3)));

        CanonicalStreamAssert.Valid(output);
        Assert.Equal(
            [
                new FoldedBlock(BlockKind.ToolUse, "call_xml_1", "get_time", "{}"),
                new FoldedBlock(BlockKind.ToolUse, "call_xml_2", "get_time", "{}"),
                new FoldedBlock(BlockKind.Text, null, null, "\nBetween.\n"),
                new FoldedBlock(BlockKind.ToolUse, "call_xml_3", "get_time", "{}"),
                new FoldedBlock(BlockKind.Text, null, null, "\n  \nAfter.\n"),
            ],
            CanonicalStreamAssert.Blocks(output));
    }

    [Fact]
    public void Process_IdGenerator_GetsTheCallNumberCountingAcrossTheStream()
    {
        var numbers = new List<int>();
        var transformer = new XmlToolCallTransformer(Tools, n =>
        {
            numbers.Add(n);
            return $"toolu_{n:D3}";
        });

        var output = Run(transformer, TextStream(Chunks(TwoCalls, 2)));

        Assert.Equal([1, 2], numbers);
        Assert.Equal(["toolu_001", "toolu_002"], output.OfType<BlockStart>().Where(s => s.Kind == BlockKind.ToolUse).Select(s => s.ToolId));
    }

    [Fact]
    public void Process_ThinkingAndServerToolBlocks_PassThroughReindexedInOutputOrder()
    {
        List<StreamEvent> input =
        [
            new MessageStart("m", "q"),
            new BlockStart(0, BlockKind.Thinking),
            new BlockDelta(0, DeltaKind.Thinking, "weather first"),
            new BlockDelta(0, DeltaKind.Signature, "sig"),
            new BlockStop(0),
            new BlockStart(1, BlockKind.Text),
            .. Chunks("Checking.\n<tool_call>\n<function=get_weather>\n<parameter=city>\nParis\n</parameter>\n</function>\n</tool_call>", 9)
                .Select(f => new BlockDelta(1, DeltaKind.Text, f)),
            new BlockStop(1),
            new BlockStart(2, BlockKind.Thinking),
            new BlockDelta(2, DeltaKind.Thinking, "and the time"),
            new BlockStop(2),
            new BlockStart(3, BlockKind.ToolUse) { ToolId = "srv_7", ToolName = "get_time" },
            new BlockDelta(3, DeltaKind.ArgumentsJson, "{\"zone\":"),
            new BlockDelta(3, DeltaKind.ArgumentsJson, "\"UTC\"}"),
            new BlockStop(3),
            new MessageDelta(StopReason.ToolUse) { RawStopReason = "tool_calls" },
            MessageStop.Instance,
        ];

        var output = Run(new XmlToolCallTransformer(Tools), input);

        CanonicalStreamAssert.Valid(output);
        Assert.Equal(
            [
                new FoldedBlock(BlockKind.Thinking, null, null, "weather first", "sig"),
                new FoldedBlock(BlockKind.Text, null, null, "Checking.\n"),
                new FoldedBlock(BlockKind.ToolUse, "call_xml_1", "get_weather", """{"city":"Paris"}"""),
                new FoldedBlock(BlockKind.Thinking, null, null, "and the time"),
                new FoldedBlock(BlockKind.ToolUse, "srv_7", "get_time", """{"zone":"UTC"}"""),
            ],
            CanonicalStreamAssert.Blocks(output));
        Assert.Equal([0, 1, 2, 3, 4], output.OfType<BlockStart>().Select(s => s.Index));
    }

    [Fact]
    public void Process_BlockStartingInsideAnOpenXmlBlock_EndsItAsTextFirst_SoOrderIsKept()
    {
        var transformer = new XmlToolCallTransformer(Tools);
        List<StreamEvent> input =
        [
            new MessageStart("m", "q"),
            new BlockStart(0, BlockKind.Text),
            new BlockDelta(0, DeltaKind.Text, "Hmm <tool_call>\n<function=get_ti"),
            new BlockStop(0),
            new BlockStart(1, BlockKind.Thinking),
            new BlockDelta(1, DeltaKind.Thinking, "wait"),
            new BlockStop(1),
            new MessageDelta(StopReason.EndTurn),
            MessageStop.Instance,
        ];

        var output = Run(transformer, input);

        CanonicalStreamAssert.Valid(output);
        Assert.Equal(
            [new FoldedBlock(BlockKind.Text, null, null, "Hmm <tool_call>\n<function=get_ti"), new FoldedBlock(BlockKind.Thinking, null, null, "wait")],
            CanonicalStreamAssert.Blocks(output));
        Assert.Single(transformer.Warnings);
    }

    [Fact]
    public void Process_TextSpreadOverSeveralInputTextBlocks_IsParsedAsOneText()
    {
        List<StreamEvent> input =
        [
            new MessageStart("m", "q"),
            new BlockStart(0, BlockKind.Text),
            new BlockDelta(0, DeltaKind.Text, "A <tool_call><function=get_"),
            new BlockStop(0),
            new BlockStart(1, BlockKind.Text),
            new BlockDelta(1, DeltaKind.Text, "time></function></tool_call>"),
            new BlockStop(1),
            new MessageDelta(StopReason.EndTurn),
            MessageStop.Instance,
        ];

        var output = Run(new XmlToolCallTransformer(Tools), input);

        CanonicalStreamAssert.Valid(output);
        Assert.Equal(
            [new FoldedBlock(BlockKind.Text, null, null, "A "), new FoldedBlock(BlockKind.ToolUse, "call_xml_1", "get_time", "{}")],
            CanonicalStreamAssert.Blocks(output));
    }

    [Fact]
    public void Process_UnknownTool_IsStillACall_WithValuesReadAsJsonLiterals()
    {
        var output = Run(new XmlToolCallTransformer(Tools), TextStream(["<tool_call><function=mystery><parameter=n>5</parameter><parameter=s>x</parameter></function></tool_call>"]));

        Assert.Equal([new FoldedBlock(BlockKind.ToolUse, "call_xml_1", "mystery", """{"n":5,"s":"x"}""")], CanonicalStreamAssert.Blocks(output));
    }

    [Fact]
    public void Process_StreamError_PassesThroughAndEndsTheStream()
    {
        var transformer = new XmlToolCallTransformer(Tools);
        var error = new StreamError(new GatewayError(GatewayErrorKind.BadGateway, "backend went away"));
        var output = new List<StreamEvent>();

        foreach (var e in new StreamEvent[] { new MessageStart("m", "q"), new BlockStart(0, BlockKind.Text), new BlockDelta(0, DeltaKind.Text, "Hi <tool_call><function="), error })
            transformer.Process(e, output);
        transformer.Complete(output);

        Assert.Equal([new MessageStart("m", "q"), new BlockStart(0, BlockKind.Text), new BlockDelta(0, DeltaKind.Text, "Hi "), error], output);
    }

    [Fact]
    public void Complete_AfterAStreamThatNeverEnded_FlushesHeldTextAndClosesTheBlock()
    {
        var transformer = new XmlToolCallTransformer(Tools);
        var output = new List<StreamEvent>();
        transformer.Process(new BlockStart(0, BlockKind.Text), output);
        transformer.Process(new BlockDelta(0, DeltaKind.Text, "abc<tool_"), output);

        transformer.Complete(output);

        Assert.Equal(
            [new BlockStart(0, BlockKind.Text), new BlockDelta(0, DeltaKind.Text, "abc"), new BlockDelta(0, DeltaKind.Text, "<tool_"), new BlockStop(0)],
            output);
    }
}
