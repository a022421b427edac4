using System.Text.Json;
using Louter.Streams.Canonical;
using Louter.Streams.Protocols.Xml;
using Xunit;

namespace Louter.Tests.Streams.Xml;

public sealed class XmlToolHistoryTests
{
    private static readonly IReadOnlyList<ToolDefinition> Tools =
    [
        new("get_weather")
        {
            InputSchema = JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string"},"days":{"type":"integer"}}}""").RootElement,
        },
    ];

    private static ChatRequest Request(params ChatMessage[] messages) => new("qwen3-coder", messages) { Tools = Tools };

    [Fact]
    public void ToTemplateForm_StructuredCallsAndResults_StayAsTheyAre()
    {
        var request = Request(
            ChatMessage.UserText("Weather in Paris?"),
            new ChatMessage(ChatRole.Assistant, [new TextBlock("Checking."), new ToolUseBlock("call_1", "get_weather", """{"city":"Paris"}""")]),
            new ChatMessage(ChatRole.User, [new ToolResultBlock("call_1", [new TextBlock("sunny")])]));

        Assert.Same(request, XmlToolHistory.ToTemplateForm(request));
    }

    [Fact]
    public void ToTemplateForm_RawXmlInAssistantText_BecomesStructuredToolUse()
    {
        var request = Request(
            ChatMessage.UserText("Weather in Paris?"),
            new ChatMessage(ChatRole.Assistant, [new TextBlock(XmlParse.WeatherExample)]),
            ChatMessage.UserText("<tool_response>\nsunny\n</tool_response>"));

        var result = XmlToolHistory.ToTemplateForm(request);

        Assert.Equal(
            [new TextBlock("Let me check.\n"), new ToolUseBlock("call_xml_1", "get_weather", """{"city":"Paris","days":3}""")],
            result.Messages[1].Content);
        Assert.Same(request.Messages[0], result.Messages[0]);
        Assert.Same(request.Messages[2], result.Messages[2]);
        Assert.Equal(request.Tools, result.Tools);
    }

    [Fact]
    public void ToTemplateForm_NewIds_SkipIdsTheConversationAlreadyUses_AndCountAcrossTurns()
    {
        var request = Request(
            new ChatMessage(ChatRole.Assistant, [new ToolUseBlock("call_xml_1", "get_weather", "{}")]),
            new ChatMessage(ChatRole.User, [new ToolResultBlock("call_xml_1", [new TextBlock("ok")])]),
            new ChatMessage(ChatRole.Assistant, [new TextBlock("<tool_call><function=get_weather></function></tool_call>")]),
            ChatMessage.UserText("again"),
            new ChatMessage(ChatRole.Assistant, [new TextBlock("<tool_call><function=get_weather></function></tool_call>")]));

        var result = XmlToolHistory.ToTemplateForm(request);

        Assert.Equal([new ToolUseBlock("call_xml_2", "get_weather", "{}")], result.Messages[2].Content);
        Assert.Equal([new ToolUseBlock("call_xml_3", "get_weather", "{}")], result.Messages[4].Content);
    }

    [Fact]
    public void ToTemplateForm_XmlInUserText_IsLeftAlone()
    {
        var request = Request(ChatMessage.UserText("Explain this: <tool_call><function=f></function></tool_call>"));

        Assert.Same(request, XmlToolHistory.ToTemplateForm(request));
    }

    [Fact]
    public void ToTemplateForm_MalformedXmlInAssistantText_StaysText()
    {
        const string text = "<tool_call>\n{\"name\": \"get_weather\"}\n</tool_call>";
        var request = Request(new ChatMessage(ChatRole.Assistant, [new TextBlock(text)]));

        var result = XmlToolHistory.ToTemplateForm(request);

        Assert.Equal([new TextBlock(text)], result.Messages[0].Content);
    }

    [Fact]
    public void ToTemplateForm_OtherBlocksInTheAssistantTurn_KeepTheirPlace()
    {
        var thinking = new ThinkingBlock("hm");
        var cached = new TextBlock("Plain.") { CacheControl = new CacheControl("ephemeral") };
        var request = Request(new ChatMessage(ChatRole.Assistant,
            [thinking, cached, new TextBlock("<tool_call><function=get_weather><parameter=days>2</parameter></function></tool_call>")]));

        var result = XmlToolHistory.ToTemplateForm(request);

        Assert.Equal([thinking, cached, new ToolUseBlock("call_xml_1", "get_weather", """{"days":2}""")], result.Messages[0].Content);
        Assert.Same(cached, result.Messages[0].Content[1]);
    }
}
