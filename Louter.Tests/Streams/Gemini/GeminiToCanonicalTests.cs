using System.Text.Json;
using Louter.Streams.Canonical;
using Louter.Streams.Classification;
using Louter.Streams.Protocols.Gemini;
using Louter.Tests.Support;
using Xunit;
using static Louter.Tests.Streams.Gemini.GeminiTestSupport;

namespace Louter.Tests.Streams.Gemini;

public sealed class GeminiToCanonicalTests
{
    [Fact]
    public void RecordedSnakeCaseRequest_ToolsGetStandardJsonSchemaWithLowerCaseTypes()
    {
        var request = Canonical(Fixtures.Bytes(FunctionCallingRequest0));

        var tool = Assert.Single(request.Tools);
        Assert.Equal("getWeather", tool.Name);
        Assert.Equal("指定された都市の現在の天気を取得する", tool.Description);
        var schema = tool.InputSchema!.Value;
        Assert.Equal("object", schema.GetProperty("type").GetString());
        Assert.Equal("string", schema.GetProperty("properties").GetProperty("location").GetProperty("type").GetString());
        Assert.Equal(["celsius", "fahrenheit"], schema.GetProperty("properties").GetProperty("unit").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["location"], schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("今日の東京の天気を教えて", Assert.IsType<TextBlock>(Assert.Single(Assert.Single(request.Messages).Content)).Text);
    }

    [Fact]
    public void RecordedToolTurn_CallWithoutIdGetsAStableIdAndTheToolRoleResultAnswersIt()
    {
        var request = Canonical(Fixtures.Bytes(FunctionCallingRequest1));

        Assert.Equal([ChatRole.User, ChatRole.Assistant, ChatRole.User], request.Messages.Select(m => m.Role));
        var call = Assert.IsType<ToolUseBlock>(Assert.Single(request.Messages[1].Content));
        Assert.Equal("getWeather", call.Name);
        Assert.Equal(GeminiToolIds.ForHistory(1, 0, "getWeather"), call.Id);
        Assert.Equal(("Tokyo", "celsius"), ArgsOf(call.ArgumentsJson));

        var result = Assert.IsType<ToolResultBlock>(Assert.Single(request.Messages[2].Content));
        Assert.Equal(call.Id, result.ToolUseId);
        Assert.Equal("getWeather", result.Name);
        Assert.False(result.IsError);
        using var response = JsonDocument.Parse(result.Text);
        Assert.Equal(22, response.RootElement.GetProperty("temperature").GetInt32());
        Assert.Equal("Cloudy", response.RootElement.GetProperty("condition").GetString());
    }

    [Fact]
    public void SameHistory_GetsTheSameIdsEveryTurn()
    {
        var first = Canonical(Fixtures.Bytes(FunctionCallingRequest1));
        var again = Canonical(Fixtures.Bytes(FunctionCallingRequest1));

        Assert.Equal(((ToolUseBlock)first.Messages[1].Content[0]).Id, ((ToolUseBlock)again.Messages[1].Content[0]).Id);
        Assert.Matches("^[A-Za-z0-9_-]{1,40}$", ((ToolUseBlock)first.Messages[1].Content[0]).Id);
    }

    [Fact]
    public void ResponsesWithoutIds_PairWithCallsByNameThenInOrder()
    {
        var request = Canonical(Utf8("""
            {"contents":[
              {"role":"user","parts":[{"text":"go"}]},
              {"role":"model","parts":[{"functionCall":{"name":"a","args":{}}},{"functionCall":{"name":"b","args":{}}},{"functionCall":{"name":"a","args":{"n":2}}}]},
              {"role":"function","parts":[{"functionResponse":{"name":"b","response":{"output":"B"}}},
                                          {"functionResponse":{"name":"a","response":{"output":"A1"}}},
                                          {"functionResponse":{"name":"a","response":{"output":"A2"}}}]}]}
            """));

        var calls = request.Messages[1].Content.Cast<ToolUseBlock>().ToList();
        var results = request.Messages[2].Content.Cast<ToolResultBlock>().ToList();
        Assert.Equal(3, calls.Select(c => c.Id).Distinct().Count());
        Assert.Equal([calls[1].Id, calls[0].Id, calls[2].Id], results.Select(r => r.ToolUseId));
        Assert.Equal(["B", "A1", "A2"], results.Select(r => r.Text));
    }

    [Fact]
    public void CallAndResponseIds_AreEchoedAsSent()
    {
        var request = Canonical(Authored("request_everything.json"));

        var call = request.Messages[1].Content.OfType<ToolUseBlock>().Single();
        var result = Assert.IsType<ToolResultBlock>(Assert.Single(request.Messages[2].Content));
        Assert.Equal(("call-a", "c2lnLWNhbGw="), (call.Id, call.ThoughtSignature));
        Assert.Equal(("call-a", "3 hits"), (result.ToolUseId, result.Text));
    }

    [Fact]
    public void ThoughtPart_BecomesThinkingWithItsSignature()
    {
        var request = Canonical(Authored("request_everything.json"));

        var thinking = Assert.IsType<ThinkingBlock>(request.Messages[1].Content[0]);
        Assert.Equal(("I should search first.", "c2lnLXRob3VnaHQ="), (thinking.Text, thinking.Signature));
    }

    [Fact]
    public void MediaParts_MapToABlockPerMediumByMimeType()
    {
        var request = Canonical(Authored("request_everything.json"));

        var blocks = request.Messages[0].Content;
        Assert.Equal("Describe these.", Assert.IsType<TextBlock>(blocks[0]).Text);
        Assert.Equal(new MediaSource.Inline("image/png", "iVBORw0KGgo="), Assert.IsType<ImageBlock>(blocks[1]).Source);
        var audio = Assert.IsType<AudioBlock>(blocks[2]);
        Assert.Equal(("wav", new MediaSource.Inline("audio/wav", "UklGRg==")), (audio.Format, audio.Source));
        Assert.Equal(new MediaSource.Url("https://generativelanguage.googleapis.com/v1beta/files/vid-1", "video/mp4"), Assert.IsType<VideoBlock>(blocks[3]).Source);
        Assert.Equal(new MediaSource.Url("gs://bucket/report.pdf", "application/pdf"), Assert.IsType<DocumentBlock>(blocks[4]).Source);
    }

    [Fact]
    public void SystemToolsConfigAndReasoning_AreMapped()
    {
        var request = Canonical(Authored("request_everything.json"));

        Assert.Equal("gemini-2.5-flash", request.Model);
        Assert.Equal(["You are terse.", "Answer in English."], request.System.Select(t => t.Text));
        Assert.Equal(["search", "open_file"], request.Tools.Select(t => t.Name));
        Assert.Equal("object", request.Tools[0].InputSchema!.Value.GetProperty("type").GetString());
        Assert.Equal(new ToolChoice(ToolChoiceMode.Specific, "search"), request.ToolChoice);

        var s = request.Sampling;
        Assert.Equal((0.2, 0.9, 40L, 1024L, 7L, 0.1, 0.3, 1), (s.Temperature, s.TopP, s.TopK, s.MaxOutputTokens, s.Seed, s.PresencePenalty, s.FrequencyPenalty, s.CandidateCount));
        Assert.Equal(["END"], s.Stop);

        Assert.Equal(ResponseFormatKind.JsonSchema, request.ResponseFormat!.Kind);
        Assert.Equal("object", request.ResponseFormat.Schema!.Value.GetProperty("type").GetString());
        Assert.Equal(new Reasoning { BudgetTokens = 2048, IncludeThoughts = true }, request.Reasoning);
    }

    [Theory]
    [InlineData("""{"mode":"AUTO"}""", ToolChoiceMode.Auto, null)]
    [InlineData("""{"mode":"NONE"}""", ToolChoiceMode.None, null)]
    [InlineData("""{"mode":"ANY"}""", ToolChoiceMode.Required, null)]
    [InlineData("""{"mode":"ANY","allowedFunctionNames":["a","b"]}""", ToolChoiceMode.Required, null)]
    [InlineData("""{"mode":"ANY","allowedFunctionNames":["a"]}""", ToolChoiceMode.Specific, "a")]
    [InlineData("""{"mode":"VALIDATED"}""", ToolChoiceMode.Auto, null)]
    public void FunctionCallingConfig_BecomesAToolChoice(string config, ToolChoiceMode mode, string? name)
    {
        var request = Canonical(Utf8($$$"""{"contents":[{"parts":[{"text":"x"}]}],"toolConfig":{"functionCallingConfig":{{{config}}}}}"""));

        Assert.Equal(new ToolChoice(mode, name), request.ToolChoice);
    }

    [Theory]
    [InlineData("""{"thinkingBudget":0}""", true, null, null, null)]
    [InlineData("""{"thinkingBudget":-1,"includeThoughts":true}""", false, null, null, true)]
    [InlineData("""{"thinkingBudget":512}""", false, 512L, null, null)]
    [InlineData("""{"thinkingLevel":"HIGH"}""", false, null, "high", null)]
    public void ThinkingConfig_BecomesReasoning(string config, bool disabled, long? budget, string? effort, bool? include)
    {
        var request = Canonical(Utf8($$$"""{"contents":[{"parts":[{"text":"x"}]}],"generationConfig":{"thinkingConfig":{{{config}}}}}"""));

        Assert.Equal(new Reasoning { Disabled = disabled, BudgetTokens = budget, Effort = effort, IncludeThoughts = include }, request.Reasoning);
    }

    /// <summary>
    /// gemini-cli's routing classifier sends responseJsonSchema with Gemini's upper-case type names;
    /// OpenAI and Anthropic refuse a schema typed "OBJECT", so canonical holds standard JSON Schema.
    /// </summary>
    [Fact]
    public void UpperCaseTypesInStandardJsonSchemas_BecomeLowerCase()
    {
        var request = Canonical(Utf8("""
            {"contents":[{"parts":[{"text":"x"}]}],
             "tools":[{"functionDeclarations":[{"name":"f","parametersJsonSchema":{"type":"OBJECT","properties":{"type":{"type":"STRING","enum":["OBJECT"]}}}}]}],
             "generationConfig":{"responseMimeType":"application/json","responseJsonSchema":{"type":"OBJECT","properties":{"complexity_reasoning":{"type":"STRING"},"complexity_score":{"type":"INTEGER"}},"required":["complexity_reasoning","complexity_score"]}}}
            """));

        Assert.Equal(
            """{"type":"object","properties":{"complexity_reasoning":{"type":"string"},"complexity_score":{"type":"integer"}},"required":["complexity_reasoning","complexity_score"]}""",
            request.ResponseFormat!.Schema!.Value.GetRawText());
        // A property may be called "type", and enum values are data: both stay as written.
        Assert.Equal("""{"type":"object","properties":{"type":{"type":"string","enum":["OBJECT"]}}}""", request.Tools[0].InputSchema!.Value.GetRawText());
    }

    [Fact]
    public void JsonMimeTypeWithoutSchema_IsAJsonObjectFormat()
    {
        var request = Canonical(Utf8("""{"contents":[{"parts":[{"text":"x"}]}],"generationConfig":{"responseMimeType":"application/json"}}"""));

        Assert.Equal(new ResponseFormat(ResponseFormatKind.JsonObject), request.ResponseFormat);
    }

    [Theory]
    [InlineData("""{"result":"plain"}""", "plain", false)]
    [InlineData("""{"output":"plain"}""", "plain", false)]
    [InlineData("""{"error":"boom"}""", "boom", true)]
    [InlineData("""{"a":1,"b":2}""", """{"a":1,"b":2}""", false)]
    public void FunctionResponse_ResultWrappersAreUnwrappedToText(string response, string text, bool isError)
    {
        var request = Canonical(Utf8($$$"""{"contents":[{"role":"user","parts":[{"functionResponse":{"name":"f","response":{{{response}}}}}]}]}"""));

        var result = Assert.IsType<ToolResultBlock>(Assert.Single(request.Messages[0].Content));
        Assert.Equal((text, isError), (result.Text, result.IsError));
    }

    [Fact]
    public void TextPartSignature_TravelsAsAnOpaqueGeminiBlockAfterItsText()
    {
        var request = Canonical(Utf8("""{"contents":[{"role":"model","parts":[{"text":"hi","thoughtSignature":"s1"}]},{"role":"user","parts":[{"text":"more"}]}]}"""));

        var blocks = request.Messages[0].Content;
        Assert.Equal("hi", Assert.IsType<TextBlock>(blocks[0]).Text);
        var opaque = Assert.IsType<OpaqueBlock>(blocks[1]);
        Assert.Equal(("gemini", "thoughtSignature", "s1"), (opaque.Provider, opaque.Kind, opaque.Payload.GetString()));
    }

    [Fact]
    public void Classify_NamesMediaToolsSchemaReasoningAndStream()
    {
        var exchange = Decoded(Authored("request_everything.json"), stream: true);

        var needs = GeminiFrontend.Instance.Classify(exchange.Request!);

        Assert.Equal(
            RequestNeeds.Text | RequestNeeds.Vision | RequestNeeds.Audio | RequestNeeds.Video | RequestNeeds.Document
            | RequestNeeds.FunctionCalling | RequestNeeds.StructuredOutput | RequestNeeds.Reasoning | RequestNeeds.Stream,
            needs);
    }

    [Fact]
    public void Classify_PlainTextRequest_NeedsOnlyText() =>
        Assert.Equal(RequestNeeds.Text, GeminiFrontend.Instance.Classify(Decoded(Fixtures.Bytes(TextRequest)).Request!));

    private static (string?, string?) ArgsOf(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return (doc.RootElement.GetProperty("location").GetString(), doc.RootElement.GetProperty("unit").GetString());
    }
}
