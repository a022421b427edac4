using System.Text.Json;
using Louter.Streams.Canonical;
using Louter.Streams.Protocols.Xml;
using Xunit;

namespace Louter.Tests.Streams.Xml;

public sealed class XmlToolCallTransformerApplyTests
{
    private static readonly IReadOnlyList<ToolDefinition> Tools =
    [
        new("get_weather")
        {
            InputSchema = JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string"},"days":{"type":"integer"}}}""").RootElement,
        },
    ];

    private static ChatResponse Response(StopReason stop, params ContentBlock[] content) =>
        new("chatcmpl-1", "qwen3-coder", content, stop) { RawStopReason = "stop", Usage = new TokenUsage(5, 7) };

    [Fact]
    public void Apply_TextWithXmlCall_SplitsIntoTextAndTypedToolUse_WithToolUseStop()
    {
        var result = XmlToolCallTransformer.Apply(Response(StopReason.EndTurn, new TextBlock(XmlParse.WeatherExample)), Tools);

        Assert.Equal(2, result.Content.Count);
        Assert.Equal(new TextBlock("Let me check.\n"), result.Content[0]);
        Assert.Equal(new ToolUseBlock("call_xml_1", "get_weather", """{"city":"Paris","days":3}"""), result.Content[1]);
        Assert.Equal(StopReason.ToolUse, result.StopReason);
        Assert.Equal("stop", result.RawStopReason);
        Assert.Equal(new TokenUsage(5, 7), result.Usage);
    }

    [Fact]
    public void Apply_SeveralCallsAcrossTextBlocks_NumbersIdsAcrossTheAnswer_AndKeepsOtherBlocks()
    {
        const string call = "<tool_call>\n<function=get_weather>\n<parameter=city>\nOslo\n</parameter>\n</function>\n</tool_call>";
        var thinking = new ThinkingBlock("plan") { Signature = "s" };

        var result = XmlToolCallTransformer.Apply(
            Response(StopReason.EndTurn, thinking, new TextBlock($"{call}\n{call}\nDone."), new TextBlock($"Also:\n{call}")),
            Tools,
            n => $"id{n}");

        Assert.Equal(
            [
                thinking,
                new ToolUseBlock("id1", "get_weather", """{"city":"Oslo"}"""),
                new ToolUseBlock("id2", "get_weather", """{"city":"Oslo"}"""),
                new TextBlock("\nDone."),
                new TextBlock("Also:\n"),
                new ToolUseBlock("id3", "get_weather", """{"city":"Oslo"}"""),
            ],
            result.Content);
    }

    [Fact]
    public void Apply_WithoutXml_ReturnsTheSameResponse()
    {
        var response = Response(StopReason.EndTurn, new TextBlock("No tools needed, a < b."));

        Assert.Same(response, XmlToolCallTransformer.Apply(response, Tools));
    }

    [Fact]
    public void Apply_UnterminatedBlock_StaysTextWithAWarning_AndStopReasonUnchanged()
    {
        var warnings = new List<string>();
        const string text = "Sure.\n<tool_call>\n<function=get_weather>\n<parameter=city>\nPar";

        var result = XmlToolCallTransformer.Apply(Response(StopReason.MaxTokens, new TextBlock(text)), Tools, warnings: warnings);

        Assert.Equal([new TextBlock(text)], result.Content);
        Assert.Equal(StopReason.MaxTokens, result.StopReason);
        Assert.Single(warnings);
    }

    [Fact]
    public void Apply_MatchesTheStreamingTransformerOnTheSameText()
    {
        const string text = "\nIntro.\n<tool_call>\n<function=get_weather>\n<parameter=days>\n2\n</parameter>\n</function>\n</tool_call>\n\n"
            + "<tool_call><bad></tool_call>\n<tool_call>\n<function=x>\n</function>\n</tool_call>\n";
        var streamed = new List<StreamEvent>();
        var transformer = new XmlToolCallTransformer(Tools);
        foreach (var e in new StreamEvent[]
                 {
                     new MessageStart("m", "q"), new BlockStart(0, BlockKind.Text), new BlockDelta(0, DeltaKind.Text, text),
                     new BlockStop(0), new MessageDelta(StopReason.EndTurn), MessageStop.Instance,
                 })
            transformer.Process(e, streamed);

        var applied = XmlToolCallTransformer.Apply(Response(StopReason.EndTurn, new TextBlock(text)), Tools);

        var fromStream = CanonicalStreamAssert.Blocks(streamed)
            .Select(b => b.Kind == BlockKind.Text ? (ContentBlock)new TextBlock(b.Content) : new ToolUseBlock(b.ToolId!, b.ToolName!, b.Content));
        Assert.Equal(fromStream, applied.Content);
        Assert.Equal(streamed.OfType<MessageDelta>().Single().StopReason, applied.StopReason);
    }
}
