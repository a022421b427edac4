using System.Text.Json;
using Louter.Streams.Canonical;
using Louter.Streams.Protocols.Gemini;
using Xunit;

namespace Louter.Tests.Streams.Gemini;

public sealed class GeminiRequestBuilderTests
{
    private static JsonElement Wire(ChatRequest request)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(GeminiRequestBuilder.ToWire(request), GeminiJson.Writer.GenerateContentRequest);
        return JsonDocument.Parse(bytes).RootElement.Clone();
    }

    private static JsonElement Schema(string json) => JsonDocument.Parse(json).RootElement.Clone();

    /// <summary>An OpenAI-style tool loop: the assistant's calls have no signature; the results come back as a user turn.</summary>
    private static readonly ChatRequest ForeignToolLoop = new("gpt-4o", [
        ChatMessage.UserText("Weather in Paris and London?"),
        new ChatMessage(ChatRole.Assistant, [
            new TextBlock("Checking."),
            new ToolUseBlock("call_1", "getWeather", """{"location":"Paris"}"""),
            new ToolUseBlock("call_2", "getWeather", """{"location":"London"}"""),
        ]),
        new ChatMessage(ChatRole.User, [
            new ToolResultBlock("call_1", [new TextBlock("""{"temp":21}""")]) { Name = "getWeather" },
            new ToolResultBlock("call_2", [new TextBlock("rainy")]),
            new ToolResultBlock("call_3", [new TextBlock("failed")]) { IsError = true },
        ]),
    ]);

    [Fact]
    public void ForeignToolCalls_GetTheDocumentedPlaceholderSignature()
    {
        var model = Wire(ForeignToolLoop).GetProperty("contents")[1];

        Assert.Equal("model", model.GetProperty("role").GetString());
        var parts = model.GetProperty("parts");
        Assert.False(parts[0].TryGetProperty("thoughtSignature", out _));
        Assert.Equal(
            """{"functionCall":{"id":"call_1","name":"getWeather","args":{"location":"Paris"}},"thoughtSignature":"skip_thought_signature_validator"}""",
            parts[1].GetRawText());
        Assert.Equal("skip_thought_signature_validator", parts[2].GetProperty("thoughtSignature").GetString());
    }

    [Fact]
    public void GeminiToolCalls_KeepTheirOwnSignature_AndUnsignedParallelCallsStayUnsigned()
    {
        var request = new ChatRequest("m", [
            ChatMessage.UserText("go"),
            new ChatMessage(ChatRole.Assistant, [
                new ToolUseBlock("a", "f", "{}") { ThoughtSignature = "real-sig" },
                new ToolUseBlock("b", "f", "{}"),
            ]),
        ]);

        var parts = Wire(request).GetProperty("contents")[1].GetProperty("parts");

        Assert.Equal("real-sig", parts[0].GetProperty("thoughtSignature").GetString());
        Assert.False(parts[1].TryGetProperty("thoughtSignature", out _));
    }

    [Fact]
    public void ToolResults_AreFunctionResponsesInAUserTurn_WithNamesAndObjectResponses()
    {
        var user = Wire(ForeignToolLoop).GetProperty("contents")[2];

        Assert.Equal("user", user.GetProperty("role").GetString());
        var parts = user.GetProperty("parts");
        Assert.Equal("""{"functionResponse":{"id":"call_1","name":"getWeather","response":{"temp":21}}}""", parts[0].GetRawText());
        Assert.Equal("""{"functionResponse":{"id":"call_2","name":"getWeather","response":{"result":"rainy"}}}""", parts[1].GetRawText());
        Assert.Equal("""{"functionResponse":{"id":"call_3","name":"call_3","response":{"error":"failed"}}}""", parts[2].GetRawText());
    }

    [Fact]
    public void ImagesInAToolResult_GoBesideTheFunctionResponse()
    {
        var request = new ChatRequest("m", [
            new ChatMessage(ChatRole.Assistant, [new ToolUseBlock("c", "screenshot", "{}")]),
            new ChatMessage(ChatRole.User, [new ToolResultBlock("c", [new TextBlock("done"), new ImageBlock(new MediaSource.Inline("image/png", "AA=="))])]),
        ]);

        var parts = Wire(request).GetProperty("contents")[1].GetProperty("parts");

        Assert.Equal(2, parts.GetArrayLength());
        Assert.Equal("""{"result":"done"}""", parts[0].GetProperty("functionResponse").GetProperty("response").GetRawText());
        Assert.Equal("""{"inlineData":{"mimeType":"image/png","data":"AA=="}}""", parts[1].GetRawText());
    }

    [Fact]
    public void ThinkingFromGeminiGoesBack_OtherProvidersThinkingAndOpaqueBlocksDoNot()
    {
        var request = new ChatRequest("m", [
            ChatMessage.UserText("q"),
            new ChatMessage(ChatRole.Assistant, [
                new ThinkingBlock("unsigned, from an OpenAI-compatible server"),
                new OpaqueBlock("anthropic", "redacted_thinking", Schema("""{"data":"x"}""")),
                new ThinkingBlock("signed") { Signature = "g-sig" },
                new TextBlock("answer"),
                GeminiParts.SignatureBlock("text-sig"),
            ]),
            new ChatMessage(ChatRole.Assistant, [new ThinkingBlock("dropped")]),
        ]);

        var contents = Wire(request).GetProperty("contents");

        Assert.Equal(2, contents.GetArrayLength());
        Assert.Equal(
            """[{"text":"signed","thought":true,"thoughtSignature":"g-sig"},{"text":"answer","thoughtSignature":"text-sig"}]""",
            contents[1].GetProperty("parts").GetRawText());
    }

    [Fact]
    public void Media_InlineAndUrlSources()
    {
        var request = new ChatRequest("m", [new ChatMessage(ChatRole.User, [
            new ImageBlock(new MediaSource.Url("data:image/jpeg;base64,/9j/")),
            new ImageBlock(new MediaSource.Url("gs://b/cat.png", "image/png")),
            new AudioBlock(new MediaSource.Inline("audio/mp3", "SUQz"), "mp3"),
            new VideoBlock(new MediaSource.Url("https://generativelanguage.googleapis.com/v1beta/files/v1", "video/mp4")),
            new DocumentBlock(new MediaSource.Inline("application/pdf", "JVBE"), "a.pdf"),
            new TextBlock(""),
        ])]);

        var parts = Wire(request).GetProperty("contents")[0].GetProperty("parts");

        Assert.Equal(
            """[{"inlineData":{"mimeType":"image/jpeg","data":"/9j/"}},{"fileData":{"mimeType":"image/png","fileUri":"gs://b/cat.png"}},{"inlineData":{"mimeType":"audio/mp3","data":"SUQz"}},{"fileData":{"mimeType":"video/mp4","fileUri":"https://generativelanguage.googleapis.com/v1beta/files/v1"}},{"inlineData":{"mimeType":"application/pdf","data":"JVBE"}}]""",
            parts.GetRawText());
    }

    [Fact]
    public void ToolsAreSentAsStandardJsonSchema_FreeformToolsAsOneStringParameter()
    {
        var schema = Schema("""{"type":"object","properties":{"q":{"type":["string","null"]}},"additionalProperties":false}""");
        var request = new ChatRequest("m", [ChatMessage.UserText("x")])
        {
            Tools = [new ToolDefinition("search") { Description = "d", InputSchema = schema }, new ToolDefinition("apply_patch") { Freeform = true }, new ToolDefinition("ping")],
            ToolChoice = new ToolChoice(ToolChoiceMode.Specific, "search"),
        };

        var wire = Wire(request);
        var declarations = wire.GetProperty("tools")[0].GetProperty("functionDeclarations");

        Assert.Equal(schema.GetRawText(), declarations[0].GetProperty("parametersJsonSchema").GetRawText());
        Assert.False(declarations[0].TryGetProperty("parameters", out _));
        Assert.Equal("string", declarations[1].GetProperty("parametersJsonSchema").GetProperty("properties").GetProperty("input").GetProperty("type").GetString());
        Assert.Equal("""{"name":"ping"}""", declarations[2].GetRawText());
        Assert.Equal("""{"functionCallingConfig":{"mode":"ANY","allowedFunctionNames":["search"]}}""", wire.GetProperty("toolConfig").GetRawText());
    }

    [Fact]
    public void FreeformToolCall_InHistory_IsSentAsItsInputParameter()
    {
        var request = new ChatRequest("m", [new ChatMessage(ChatRole.Assistant, [new ToolUseBlock("c", "apply_patch", "*** Begin Patch")])])
        {
            Tools = [new ToolDefinition("apply_patch") { Freeform = true }],
        };

        var args = Wire(request).GetProperty("contents")[0].GetProperty("parts")[0].GetProperty("functionCall").GetProperty("args");

        Assert.Equal("""{"input":"*** Begin Patch"}""", args.GetRawText());
    }

    [Theory]
    [InlineData(ToolChoiceMode.Auto, """{"mode":"AUTO"}""")]
    [InlineData(ToolChoiceMode.None, """{"mode":"NONE"}""")]
    [InlineData(ToolChoiceMode.Required, """{"mode":"ANY"}""")]
    public void ToolChoice_BecomesAFunctionCallingMode(ToolChoiceMode mode, string config)
    {
        var wire = Wire(new ChatRequest("m", [ChatMessage.UserText("x")]) { ToolChoice = new ToolChoice(mode) });

        Assert.Equal(config, wire.GetProperty("toolConfig").GetProperty("functionCallingConfig").GetRawText());
    }

    [Fact]
    public void SystemSamplingAndResponseFormat_AreMapped()
    {
        var request = new ChatRequest("m", [ChatMessage.UserText("x")])
        {
            System = [new TextBlock("Be brief."), new TextBlock("Use JSON.")],
            Sampling = new Sampling { Temperature = 0.5, TopP = 0.8, TopK = 20, Stop = ["##"], Seed = 3, PresencePenalty = 0.1, FrequencyPenalty = 0.2, MaxOutputTokens = 300, CandidateCount = 2 },
            ResponseFormat = new ResponseFormat(ResponseFormatKind.JsonSchema) { Schema = Schema("""{"type":"object"}"""), Name = "out" },
        };

        var wire = Wire(request);

        Assert.Equal("""{"parts":[{"text":"Be brief."},{"text":"Use JSON."}]}""", wire.GetProperty("systemInstruction").GetRawText());
        Assert.Equal(
            """{"temperature":0.5,"topP":0.8,"topK":20,"maxOutputTokens":300,"stopSequences":["##"],"seed":3,"presencePenalty":0.1,"frequencyPenalty":0.2,"responseMimeType":"application/json","responseJsonSchema":{"type":"object"}}""",
            wire.GetProperty("generationConfig").GetRawText());
    }

    [Fact]
    public void PlainRequest_HasOnlyContents() =>
        Assert.Equal("""{"contents":[{"role":"user","parts":[{"text":"x"}]}]}""", Wire(new ChatRequest("m", [ChatMessage.UserText("x")])).GetRawText());

    [Fact]
    public void JsonObjectFormat_IsTheJsonMimeTypeAlone() =>
        Assert.Equal("""{"responseMimeType":"application/json"}""",
            Wire(new ChatRequest("m", [ChatMessage.UserText("x")]) { ResponseFormat = new ResponseFormat(ResponseFormatKind.JsonObject) }).GetProperty("generationConfig").GetRawText());

    public static TheoryData<string, string?> ReasoningCases => new()
    {
        { "disabled", """{"thinkingBudget":0}""" },
        { "budget 4096 with thoughts", """{"thinkingBudget":4096,"includeThoughts":true}""" },
        { "effort minimal", """{"thinkingBudget":512}""" },
        { "effort low", """{"thinkingBudget":1024}""" },
        { "effort medium", """{"thinkingBudget":8192}""" },
        { "effort high", """{"thinkingBudget":24576}""" },
        { "effort none", """{"thinkingBudget":0}""" },
        { "effort unknown", null },
        { "thoughts only", """{"includeThoughts":true}""" },
    };

    [Theory]
    [MemberData(nameof(ReasoningCases))]
    public void Reasoning_BecomesAThinkingConfig(string name, string? thinking)
    {
        var reasoning = name switch
        {
            "disabled" => new Reasoning { Disabled = true, IncludeThoughts = true },
            "budget 4096 with thoughts" => new Reasoning { BudgetTokens = 4096, Effort = "low", IncludeThoughts = true },
            "thoughts only" => new Reasoning { IncludeThoughts = true },
            _ => new Reasoning { Effort = name["effort ".Length..] },
        };

        var wire = Wire(new ChatRequest("m", [ChatMessage.UserText("x")]) { Reasoning = reasoning });

        if (thinking is null) Assert.False(wire.TryGetProperty("generationConfig", out _));
        else Assert.Equal(thinking, wire.GetProperty("generationConfig").GetProperty("thinkingConfig").GetRawText());
    }

    [Fact]
    public void GeminiHistoryRoundTrip_ClientRequestToCanonicalAndBack_KeepsCallsSignaturesAndResults()
    {
        var original = GeminiTestSupport.Authored("request_everything.json");
        var canonical = GeminiTestSupport.Canonical(original);

        var contents = Wire(canonical).GetProperty("contents");

        Assert.Equal(
            """[{"text":"I should search first.","thought":true,"thoughtSignature":"c2lnLXRob3VnaHQ="},{"functionCall":{"id":"call-a","name":"search","args":{"q":"report"}},"thoughtSignature":"c2lnLWNhbGw="}]""",
            contents[1].GetProperty("parts").GetRawText());
        Assert.Equal("""[{"functionResponse":{"id":"call-a","name":"search","response":{"result":"3 hits"}}}]""", contents[2].GetProperty("parts").GetRawText());
        Assert.Equal(["user", "model", "user"], contents.EnumerateArray().Select(c => c.GetProperty("role").GetString()));
    }
}
