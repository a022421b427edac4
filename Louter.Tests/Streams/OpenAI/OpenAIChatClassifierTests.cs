using System.Text;
using Louter.Streams.Classification;
using Louter.Streams.Protocols.OpenAI;
using Xunit;

namespace Louter.Tests.Streams.OpenAI;

public sealed class OpenAIChatClassifierTests
{
    private static RequestNeeds Classify(string extra, string content = "\"hi\"", string role = "user")
    {
        var fields = extra.Length == 0 ? "" : extra + ",";
        var json = $$"""{"model":"m",{{fields}}"messages":[{"role":"{{role}}","tool_call_id":"c1","content":{{content}}}]}""";
        var (request, error) = ChatRequestDecoder.Decode(Encoding.UTF8.GetBytes(json));
        Assert.Null(error);
        return OpenAIChatClassifier.Classify(request!);
    }

    [Fact]
    public void Classify_PlainText_NeedsOnlyText()
    {
        Assert.Equal(RequestNeeds.Text, Classify(""));
    }

    [Theory]
    [InlineData("""[{"type":"image_url","image_url":{"url":"https://x/a.png"}}]""", RequestNeeds.Vision)]
    [InlineData("""[{"type":"input_audio","input_audio":{"data":"AAAA","format":"wav"}}]""", RequestNeeds.Audio)]
    [InlineData("""[{"type":"file","file":{"file_id":"file-1"}}]""", RequestNeeds.Document)]
    [InlineData("""[{"type":"text","text":"hi"}]""", RequestNeeds.None)]
    public void Classify_ContentPart_AddsItsMedium(string content, RequestNeeds expected)
    {
        Assert.Equal(RequestNeeds.Text | expected, Classify("", content));
    }

    [Theory]
    [InlineData("\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]", RequestNeeds.FunctionCalling)]
    [InlineData("\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\",\"schema\":{}}}", RequestNeeds.StructuredOutput)]
    [InlineData("\"response_format\":{\"type\":\"json_object\"}", RequestNeeds.StructuredOutput)]
    [InlineData("\"response_format\":{\"type\":\"text\"}", RequestNeeds.None)]
    [InlineData("\"reasoning_effort\":\"high\"", RequestNeeds.Reasoning)]
    [InlineData("\"modalities\":[\"text\",\"audio\"]", RequestNeeds.Audio)]
    [InlineData("\"stream\":true", RequestNeeds.Stream)]
    [InlineData("\"stream\":false", RequestNeeds.None)]
    public void Classify_RequestField_AddsItsNeed(string field, RequestNeeds expected)
    {
        Assert.Equal(RequestNeeds.Text | expected, Classify(field));
    }

    [Fact]
    public void Classify_ToolResultInHistory_NeedsFunctionCalling()
    {
        Assert.Equal(RequestNeeds.Text | RequestNeeds.FunctionCalling, Classify("", role: "tool"));
    }
}
