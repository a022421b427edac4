using System.Text.Json;
using Louter.Streams.Canonical;
using Louter.Streams.Codecs;
using Louter.Streams.Errors;
using Louter.Streams.Protocols.Responses;
using Louter.Streams.Routing;
using Xunit;

namespace Louter.Tests.Streams.Responses;

public sealed class ResponsesRequestBuilderTests
{
    private static readonly RouteCandidate Target = new(
        new BackendDescriptor { Name = "codex", Protocol = BackendProtocol.OpenAIResponses, BaseUrl = new Uri("https://api.openai.com/v1") },
        "gpt-5-2025-08-07");

    private static ChatMessage User(params ContentBlock[] blocks) => new(ChatRole.User, blocks);

    private static ChatMessage Assistant(params ContentBlock[] blocks) => new(ChatRole.Assistant, blocks);

    private static ChatRequest Request(params ChatMessage[] messages) => new("gpt-4o", messages);

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    /// <summary>The request as the upstream receives it: the JSON body the backend would send.</summary>
    private static JsonElement Wire(ChatRequest request)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(ResponsesRequestBuilder.Build(request, Target), ResponsesJson.Writer.ResponsesRequest);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static string[] Names(JsonElement obj) => [.. obj.EnumerateObject().Select(p => p.Name)];

    private static string[] Types(JsonElement array) => [.. array.EnumerateArray().Select(i => i.GetProperty("type").GetString()!)];

    [Fact]
    public void Build_MaxTokensBelowTheApiMinimum_IsRaisedToSixteen()
    {
        // A Chat client may ask for 5 tokens; the Responses API rejects max_output_tokens below 16.
        var wire = Wire(Request(ChatMessage.UserText("hi")) with { Sampling = new Sampling { MaxOutputTokens = 5 } });

        Assert.Equal(16, wire.GetProperty("max_output_tokens").GetInt64());
    }

    [Fact]
    public void Build_PlainRequest_IsModelInstructionsInputSamplingAndStoreFalse()
    {
        var request = Request(ChatMessage.UserText("hi")) with
        {
            System = [new TextBlock("Be brief."), new TextBlock("Answer in French.")],
            Sampling = new Sampling { Temperature = 0.2, TopP = 0.9, MaxOutputTokens = 300, Stop = ["END"], TopK = 40, Seed = 7, PresencePenalty = 0.5 },
            Stream = true,
            User = "user-42",
        };

        var wire = Wire(request);

        Assert.Equal("gpt-5-2025-08-07", wire.GetProperty("model").GetString());
        Assert.Equal("Be brief.\n\nAnswer in French.", wire.GetProperty("instructions").GetString());
        Assert.Equal("""[{"type":"message","role":"user","content":[{"type":"input_text","text":"hi"}]}]""", wire.GetProperty("input").GetRawText());
        Assert.Equal(0.2, wire.GetProperty("temperature").GetDouble());
        Assert.Equal(0.9, wire.GetProperty("top_p").GetDouble());
        Assert.Equal(300, wire.GetProperty("max_output_tokens").GetInt64());
        Assert.False(wire.GetProperty("store").GetBoolean());
        Assert.True(wire.GetProperty("stream").GetBoolean());
        Assert.Equal("user-42", wire.GetProperty("user").GetString());
        // Stop sequences, top_k, seed and penalties have no Responses field: not sent. No reasoning asked: no include.
        Assert.Equal(["model", "input", "instructions", "max_output_tokens", "temperature", "top_p", "store", "stream", "user"], Names(wire));
    }

    [Fact]
    public void Build_NotStreaming_SendsNoStreamFlagAndNoToolFields()
    {
        var wire = Wire(Request(ChatMessage.UserText("hi")) with { ToolChoice = new ToolChoice(ToolChoiceMode.Required) });

        Assert.Equal(["model", "input", "store"], Names(wire));
    }

    [Fact]
    public void Build_UserMedia_AreInputImagesAndInputFiles()
    {
        var request = Request(User(
            new TextBlock("look"),
            new ImageBlock(new MediaSource.Inline("image/png", "iVBORw0KGgo=")) { Detail = "high" },
            new ImageBlock(new MediaSource.Url("https://example.com/cat.jpg")),
            new DocumentBlock(new MediaSource.Inline("application/pdf", "JVBERi0x"), "report.pdf"),
            new DocumentBlock(new MediaSource.Inline("text/plain", "aGk=")),
            new DocumentBlock(new MediaSource.Url("https://example.com/paper.pdf")),
            new DocumentBlock(new MediaSource.FileId("file-abc", "openai")),
            new TextBlock("")));

        var content = Wire(request).GetProperty("input")[0].GetProperty("content");

        Assert.Equal(7, content.GetArrayLength());
        Assert.Equal("""{"type":"input_text","text":"look"}""", content[0].GetRawText());
        Assert.Equal("""{"type":"input_image","image_url":"data:image/png;base64,iVBORw0KGgo=","detail":"high"}""", content[1].GetRawText());
        Assert.Equal("""{"type":"input_image","image_url":"https://example.com/cat.jpg","detail":"auto"}""", content[2].GetRawText());
        Assert.Equal("""{"type":"input_file","file_data":"data:application/pdf;base64,JVBERi0x","filename":"report.pdf"}""", content[3].GetRawText());
        Assert.Equal("""{"type":"input_file","file_data":"data:text/plain;base64,aGk=","filename":"document.txt"}""", content[4].GetRawText());
        Assert.Equal("""{"type":"input_file","file_url":"https://example.com/paper.pdf"}""", content[5].GetRawText());
        Assert.Equal("""{"type":"input_file","file_id":"file-abc"}""", content[6].GetRawText());
    }

    public static TheoryData<ContentBlock, string> Refused => new()
    {
        { new AudioBlock(new MediaSource.Inline("audio/wav", "UklGR"), "wav"), "audio input" },
        { new VideoBlock(new MediaSource.Url("gs://bucket/clip.mp4")), "video input" },
        { new ImageBlock(new MediaSource.FileId("file_011", "anthropic")), "an image uploaded to anthropic" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Build_WhatResponsesCannotTake_IsA400NamingThePart(ContentBlock block, string what)
    {
        var e = Assert.Throws<CodecException>(() => Wire(Request(ChatMessage.UserText("hi"), User(new TextBlock("and"), block))));

        Assert.Equal(GatewayErrorKind.InvalidRequest, e.Error.Kind);
        Assert.Equal(400, e.Error.Status);
        Assert.Equal("messages[1].content[1]", e.Error.Param);
        Assert.Equal("unsupported_content", e.Error.Code);
        Assert.Equal($"Backend 'codex' (openai-responses) cannot take {what} (messages[1].content[1]).", e.Error.Message);
    }

    [Fact]
    public void Build_ToolRoundTrip_CallsAreFunctionCallItemsAndResultsAnswerTheirCallIds()
    {
        var request = Request(
            ChatMessage.UserText("weather and time?"),
            Assistant(new TextBlock("checking"), new ToolUseBlock("call_1", "get_weather", """{"city":"Paris"}"""), new ToolUseBlock("call_2", "get_time", "")),
            User(new ToolResultBlock("call_1", [new TextBlock("15C")]), new ToolResultBlock("call_2", [new TextBlock("clock broken")]) { IsError = true }, new TextBlock("be brief")));

        var input = Wire(request).GetProperty("input");

        Assert.Equal(["message", "message", "function_call", "function_call", "function_call_output", "function_call_output", "message"], Types(input));
        Assert.Equal("""{"type":"message","role":"assistant","content":[{"type":"output_text","text":"checking"}]}""", input[1].GetRawText());
        Assert.Equal("""{"type":"function_call","call_id":"call_1","name":"get_weather","arguments":"{\"city\":\"Paris\"}"}""", input[2].GetRawText());
        // A call without arguments still sends a JSON object: the API rejects "" as arguments.
        Assert.Equal("{}", input[3].GetProperty("arguments").GetString());
        Assert.Equal("""{"type":"function_call_output","call_id":"call_1","output":"15C"}""", input[4].GetRawText());
        Assert.Equal("Error: clock broken", input[5].GetProperty("output").GetString());
        Assert.Equal("user", input[6].GetProperty("role").GetString());
        Assert.Equal("be brief", input[6].GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Fact]
    public void Build_ToolResultWithAnImage_IsAnOutputOfInputParts()
    {
        var request = Request(
            Assistant(new ToolUseBlock("call_9", "screenshot", "{}")),
            User(new ToolResultBlock("call_9", [new TextBlock("here"), new ImageBlock(new MediaSource.Inline("image/png", "AAAA"))])));

        var output = Wire(request).GetProperty("input")[1].GetProperty("output");

        Assert.Equal("""[{"type":"input_text","text":"here"},{"type":"input_image","image_url":"data:image/png;base64,AAAA","detail":"auto"}]""", output.GetRawText());
    }

    [Fact]
    public void Build_FreeformTool_IsACustomToolWhoseCallsAndResultsAreCustomItems()
    {
        var request = Request(
            ChatMessage.UserText("fix it"),
            Assistant(new ToolUseBlock("call_p", "apply_patch", "*** Begin Patch\n*** End Patch")),
            User(new ToolResultBlock("call_p", [new TextBlock("Done!")]))) with
        {
            Tools = [new ToolDefinition("apply_patch") { Description = "Edit files", Freeform = true }],
            ToolChoice = new ToolChoice(ToolChoiceMode.Specific, "apply_patch"),
        };

        var wire = Wire(request);

        Assert.Equal("""[{"type":"custom","name":"apply_patch","description":"Edit files"}]""", wire.GetProperty("tools").GetRawText());
        Assert.Equal("""{"type":"custom","name":"apply_patch"}""", wire.GetProperty("tool_choice").GetRawText());
        var input = wire.GetProperty("input");
        Assert.Equal("""{"type":"custom_tool_call","call_id":"call_p","name":"apply_patch","input":"*** Begin Patch\n*** End Patch"}""", input[1].GetRawText());
        Assert.Equal("""{"type":"custom_tool_call_output","call_id":"call_p","output":"Done!"}""", input[2].GetRawText());
    }

    [Fact]
    public void Build_Tools_AreFlatFunctionsNotStrictUnlessTheClientSaidSo()
    {
        var schema = Json("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""");
        var request = Request(ChatMessage.UserText("hi")) with
        {
            Tools =
            [
                new ToolDefinition("get_weather") { Description = "Weather", InputSchema = schema },
                new ToolDefinition("ping"),
                new ToolDefinition("strict_one") { InputSchema = schema, Strict = true },
            ],
        };

        var tools = Wire(request).GetProperty("tools");

        Assert.Equal("""{"type":"function","name":"get_weather","description":"Weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]},"strict":false}""", tools[0].GetRawText());
        Assert.Equal("""{"type":"function","name":"ping","parameters":{"type":"object","properties":{}},"strict":false}""", tools[1].GetRawText());
        Assert.True(tools[2].GetProperty("strict").GetBoolean());
    }

    [Theory]
    [InlineData(ToolChoiceMode.Auto, null, "\"auto\"")]
    [InlineData(ToolChoiceMode.None, null, "\"none\"")]
    [InlineData(ToolChoiceMode.Required, null, "\"required\"")]
    [InlineData(ToolChoiceMode.Specific, "get_weather", """{"type":"function","name":"get_weather"}""")]
    public void Build_ToolChoice_MapsEachMode(ToolChoiceMode mode, string? name, string expected)
    {
        var request = Request(ChatMessage.UserText("hi")) with
        {
            Tools = [new ToolDefinition("get_weather")],
            ToolChoice = new ToolChoice(mode, name) { ParallelCalls = false },
        };

        var wire = Wire(request);

        Assert.Equal(expected, wire.GetProperty("tool_choice").GetRawText());
        Assert.False(wire.GetProperty("parallel_tool_calls").GetBoolean());
    }

    [Fact]
    public void Build_JsonSchemaFormat_IsTextFormatWithADefaultName()
    {
        var request = Request(ChatMessage.UserText("hi")) with
        {
            ResponseFormat = new ResponseFormat(ResponseFormatKind.JsonSchema) { Schema = Json("""{"type":"object"}"""), Strict = true },
        };

        Assert.Equal("""{"format":{"type":"json_schema","name":"response","schema":{"type":"object"},"strict":true}}""", Wire(request).GetProperty("text").GetRawText());
    }

    [Fact]
    public void Build_JsonObjectFormat_IsTextFormatJsonObject()
    {
        var request = Request(ChatMessage.UserText("hi")) with { ResponseFormat = new ResponseFormat(ResponseFormatKind.JsonObject) };

        Assert.Equal("""{"format":{"type":"json_object"}}""", Wire(request).GetProperty("text").GetRawText());
    }

    [Theory]
    [InlineData("high", null, null, """{"effort":"high"}""")]
    [InlineData(null, 1024L, null, """{"effort":"low"}""")]
    [InlineData(null, 8000L, null, """{"effort":"medium"}""")]
    [InlineData(null, 30000L, true, """{"effort":"high","summary":"auto"}""")]
    [InlineData(null, null, true, """{"summary":"auto"}""")]
    public void Build_Reasoning_IsAnEffortAndAsksForEncryptedReasoning(string? effort, long? budget, bool? thoughts, string expected)
    {
        var request = Request(ChatMessage.UserText("hi")) with { Reasoning = new Reasoning { Effort = effort, BudgetTokens = budget, IncludeThoughts = thoughts } };

        var wire = Wire(request);

        Assert.Equal(expected, wire.GetProperty("reasoning").GetRawText());
        Assert.Equal("""["reasoning.encrypted_content"]""", wire.GetProperty("include").GetRawText());
    }

    [Fact]
    public void Build_ReasoningDisabled_SendsNoReasoningAndNoInclude()
    {
        var wire = Wire(Request(ChatMessage.UserText("hi")) with { Reasoning = new Reasoning { Disabled = true, BudgetTokens = 2000 } });

        Assert.False(wire.TryGetProperty("reasoning", out _));
        Assert.False(wire.TryGetProperty("include", out _));
    }

    [Fact]
    public void Build_History_SendsOnlyItsOwnEncryptedReasoningItemsBackVerbatimWhereTheyStood()
    {
        var reasoning = Json("""{"id":"rs_1","type":"reasoning","encrypted_content":"gAAAA-secret","summary":[{"type":"summary_text","text":"thinking"}],"future_field":{"x":1}}""");
        var request = Request(
            ChatMessage.UserText("hi"),
            Assistant(
                new ThinkingBlock("thinking") { Signature = "sig" },
                new OpaqueBlock(ResponsesBackend.Provider, ResponsesBackend.ReasoningKind, reasoning),
                new OpaqueBlock("anthropic", "redacted_thinking", Json("""{"type":"redacted_thinking","data":"x"}""")),
                // Only an id: with store=false the upstream could not find it ("Item with id 'rs_2' not found").
                new OpaqueBlock(ResponsesBackend.Provider, ResponsesBackend.ReasoningKind, Json("""{"id":"rs_2","type":"reasoning","summary":[]}""")),
                new ToolUseBlock("call_1", "f", "{}")));

        var wire = Wire(request);

        var input = wire.GetProperty("input");
        Assert.Equal(["message", "reasoning", "function_call"], Types(input));
        using (var expected = JsonDocument.Parse(reasoning.GetRawText()))
            Assert.True(JsonElement.DeepEquals(expected.RootElement, input[1]), input[1].GetRawText());
        // Reasoning goes back, so the upstream must hand it out encrypted again, even though this client asked for no reasoning.
        Assert.Equal("""["reasoning.encrypted_content"]""", wire.GetProperty("include").GetRawText());
    }

    [Fact]
    public void Build_ReasoningItemWithoutSummary_GetsTheEmptySummaryTheApiRequires()
    {
        var request = Request(Assistant(new OpaqueBlock(ResponsesBackend.Provider, ResponsesBackend.ReasoningKind, Json("""{"type":"reasoning","encrypted_content":"e"}"""))));

        Assert.Equal("""{"type":"reasoning","summary":[],"encrypted_content":"e"}""", Wire(request).GetProperty("input")[0].GetRawText());
    }
}
