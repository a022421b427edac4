using System.Text.Json;
using Louter.Streams.Canonical;
using Louter.Streams.Codecs;
using Louter.Streams.Errors;
using Louter.Streams.Protocols.Anthropic;
using Louter.Streams.Routing;
using Xunit;

namespace Louter.Tests.Streams.Anthropic;

public sealed class AnthropicRequestBuilderTests
{
    private static readonly RouteCandidate Target = new(
        new BackendDescriptor { Name = "claude", Protocol = BackendProtocol.Anthropic, BaseUrl = new Uri("https://api.anthropic.com") },
        "claude-sonnet-4-5-20250929");

    private static ChatMessage User(params ContentBlock[] blocks) => new(ChatRole.User, blocks);

    private static ChatMessage Assistant(params ContentBlock[] blocks) => new(ChatRole.Assistant, blocks);

    private static ChatRequest Request(params ChatMessage[] messages) => new("gpt-4o", messages);

    /// <summary>The request as Anthropic receives it: the JSON body the backend would send.</summary>
    private static JsonElement Wire(ChatRequest request)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(AnthropicRequestBuilder.Build(request, Target), AnthropicJson.Writer.MessagesRequest);
        return JsonDocument.Parse(body).RootElement;
    }

    private static string[] Types(JsonElement message) =>
        [.. message.GetProperty("content").EnumerateArray().Select(b => b.GetProperty("type").GetString()!)];

    [Fact]
    public void Build_ToolResultsFromSeveralCanonicalMessages_AreGroupedIntoOneUserMessageBeforeAnyText()
    {
        // What an OpenAI client sends after a parallel tool call: one "tool" message per result, then more user text.
        var request = Request(
            ChatMessage.UserText("weather and time?"),
            Assistant(new TextBlock("checking"), new ToolUseBlock("call_1", "get_weather", """{"city":"Paris"}"""), new ToolUseBlock("call_2", "get_time", "{}")),
            User(new ToolResultBlock("call_1", [new TextBlock("15C")])),
            ChatMessage.UserText("and be brief"),
            User(new ToolResultBlock("call_2", [new TextBlock("noon")])));

        var messages = Wire(request).GetProperty("messages");

        Assert.Equal(3, messages.GetArrayLength());
        Assert.Equal(["user", "assistant", "user"], messages.EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        var last = messages[2];
        Assert.Equal(["tool_result", "tool_result", "text"], Types(last));
        Assert.Equal("call_1", last.GetProperty("content")[0].GetProperty("tool_use_id").GetString());
        Assert.Equal("15C", last.GetProperty("content")[0].GetProperty("content").GetString());
        Assert.Equal("call_2", last.GetProperty("content")[1].GetProperty("tool_use_id").GetString());
        Assert.Equal("and be brief", last.GetProperty("content")[2].GetProperty("text").GetString());
    }

    [Fact]
    public void Build_ConsecutiveSameRoleMessages_AreMergedSoRolesAlternate()
    {
        var request = Request(
            ChatMessage.UserText("one"), ChatMessage.UserText("two"),
            Assistant(new TextBlock("a")), Assistant(new TextBlock("b")),
            ChatMessage.UserText("three"));

        var messages = Wire(request).GetProperty("messages");

        Assert.Equal(["user", "assistant", "user"], messages.EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        Assert.Equal(["one", "two"], messages[0].GetProperty("content").EnumerateArray().Select(b => b.GetProperty("text").GetString()));
        Assert.Equal(["a", "b"], messages[1].GetProperty("content").EnumerateArray().Select(b => b.GetProperty("text").GetString()));
    }

    [Fact]
    public void Build_MessageLeftEmptyAfterDroppingBlocks_DisappearsAndItsNeighboursMerge()
    {
        // Unsigned reasoning (from another provider) and another provider's opaque block cannot go to Anthropic.
        var request = Request(
            ChatMessage.UserText("q1"),
            Assistant(new ThinkingBlock("hmm"), new OpaqueBlock("openai-responses", "reasoning", JsonDocument.Parse("{}").RootElement)),
            ChatMessage.UserText("q2"));

        var messages = Wire(request).GetProperty("messages");

        var only = Assert.Single(messages.EnumerateArray());
        Assert.Equal(["q1", "q2"], only.GetProperty("content").EnumerateArray().Select(b => b.GetProperty("text").GetString()));
    }

    [Fact]
    public void Build_SignedThinkingAndAnthropicOpaqueBlocks_GoBackVerbatim()
    {
        var redacted = JsonDocument.Parse("""{"type":"redacted_thinking","data":"abc=="}""").RootElement;
        var request = Request(
            ChatMessage.UserText("q"),
            Assistant(new ThinkingBlock("because") { Signature = "sig1" }, new OpaqueBlock("anthropic", "redacted_thinking", redacted), new ToolUseBlock("toolu_1", "f", "{}")),
            User(new ToolResultBlock("toolu_1", [new TextBlock("ok")])));

        var assistant = Wire(request).GetProperty("messages")[1];

        Assert.Equal(["thinking", "redacted_thinking", "tool_use"], Types(assistant));
        Assert.Equal("sig1", assistant.GetProperty("content")[0].GetProperty("signature").GetString());
        Assert.Equal("""{"type":"redacted_thinking","data":"abc=="}""", assistant.GetProperty("content")[1].GetRawText());
    }

    [Fact]
    public void Build_NoMaxOutputTokens_SendsTheRequiredDefault()
    {
        var wire = Wire(Request(ChatMessage.UserText("hi")));

        Assert.Equal(AnthropicRequestBuilder.DefaultMaxTokens, wire.GetProperty("max_tokens").GetInt64());
        Assert.Equal(4096, AnthropicRequestBuilder.DefaultMaxTokens);
    }

    [Fact]
    public void Build_ClientMaxOutputTokens_IsSent()
    {
        var wire = Wire(Request(ChatMessage.UserText("hi")) with { Sampling = new Sampling { MaxOutputTokens = 123 } });

        Assert.Equal(123, wire.GetProperty("max_tokens").GetInt64());
    }

    [Theory]
    [InlineData(1.7, 1.0)]
    [InlineData(2.0, 1.0)]
    [InlineData(0.4, 0.4)]
    [InlineData(-0.5, 0.0)]
    public void Build_Temperature_IsClampedToAnthropicsZeroToOneRange(double given, double sent)
    {
        var wire = Wire(Request(ChatMessage.UserText("hi")) with { Sampling = new Sampling { Temperature = given } });

        Assert.Equal(sent, wire.GetProperty("temperature").GetDouble());
    }

    [Fact]
    public void Build_AudioInput_IsRefusedWithACodecExceptionNamingThePart()
    {
        var request = Request(
            ChatMessage.UserText("one"),
            Assistant(new TextBlock("two")),
            User(new AudioBlock(new MediaSource.Inline("audio/wav", "UklGRg=="), "wav")));

        var ex = Assert.Throws<CodecException>(() => AnthropicRequestBuilder.Build(request, Target));

        Assert.Equal(GatewayErrorKind.InvalidRequest, ex.Error.Kind);
        Assert.Equal(400, ex.Error.Status);
        Assert.Equal("messages[2].content[0]", ex.Error.Param);
        Assert.Equal("Backend 'claude' (anthropic) cannot take audio input (messages[2].content[0]).", ex.Error.Message);
    }

    [Fact]
    public void Build_VideoInsideAToolResult_IsRefusedNamingTheNestedPart()
    {
        var request = Request(User(new ToolResultBlock("t", [new TextBlock("see"), new VideoBlock(new MediaSource.Url("https://x/v.mp4"))])));

        var ex = Assert.Throws<CodecException>(() => AnthropicRequestBuilder.Build(request, Target));

        Assert.Equal("messages[0].content[0].content[1]", ex.Error.Param);
        Assert.Contains("cannot take video input", ex.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_AnotherProvidersFile_IsRefused()
    {
        var request = Request(User(new ImageBlock(new MediaSource.FileId("file-abc", "openai"))));

        var ex = Assert.Throws<CodecException>(() => AnthropicRequestBuilder.Build(request, Target));

        Assert.Contains("a file uploaded to openai", ex.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ImagesAndDocuments_BecomeBase64UrlAndTextSources()
    {
        var request = Request(User(
            new ImageBlock(new MediaSource.Inline("image/png", "iVBOR")),
            new ImageBlock(new MediaSource.Url("https://x/cat.jpg")),
            new DocumentBlock(new MediaSource.Inline("application/pdf", "JVBER"), "report.pdf"),
            new DocumentBlock(new MediaSource.Inline("text/plain", Convert.ToBase64String("plain words"u8.ToArray()))),
            new DocumentBlock(new MediaSource.FileId("file_01", "anthropic"))));

        var content = Wire(request).GetProperty("messages")[0].GetProperty("content");

        Assert.Equal("""{"type":"base64","media_type":"image/png","data":"iVBOR"}""", content[0].GetProperty("source").GetRawText());
        Assert.Equal("""{"type":"url","url":"https://x/cat.jpg"}""", content[1].GetProperty("source").GetRawText());
        Assert.Equal("document", content[2].GetProperty("type").GetString());
        Assert.Equal("report.pdf", content[2].GetProperty("title").GetString());
        Assert.Equal("""{"type":"text","media_type":"text/plain","data":"plain words"}""", content[3].GetProperty("source").GetRawText());
        Assert.Equal("""{"type":"file","file_id":"file_01"}""", content[4].GetProperty("source").GetRawText());
    }

    [Fact]
    public void Build_ToolsAndChoice_MapToAnthropicsShapes()
    {
        var schema = JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string"}}}""").RootElement;
        var request = Request(ChatMessage.UserText("hi")) with
        {
            Tools = [new ToolDefinition("get_weather") { Description = "weather", InputSchema = schema }, new ToolDefinition("apply_patch") { Freeform = true }],
            ToolChoice = new ToolChoice(ToolChoiceMode.Specific, "get_weather") { ParallelCalls = false },
        };

        var wire = Wire(request);

        var tools = wire.GetProperty("tools");
        Assert.Equal("""{"name":"get_weather","description":"weather","input_schema":{"type":"object","properties":{"city":{"type":"string"}}}}""", tools[0].GetRawText());
        Assert.Equal("string", tools[1].GetProperty("input_schema").GetProperty("properties").GetProperty("input").GetProperty("type").GetString());
        Assert.Equal("""{"type":"tool","name":"get_weather","disable_parallel_tool_use":true}""", wire.GetProperty("tool_choice").GetRawText());
    }

    [Theory]
    [InlineData(ToolChoiceMode.Auto, """{"type":"auto"}""")]
    [InlineData(ToolChoiceMode.Required, """{"type":"any"}""")]
    [InlineData(ToolChoiceMode.None, """{"type":"none"}""")]
    public void Build_ToolChoiceModes_MapToAnthropicTypes(ToolChoiceMode mode, string expected)
    {
        var request = Request(ChatMessage.UserText("hi")) with { Tools = [new ToolDefinition("f")], ToolChoice = new ToolChoice(mode) };

        Assert.Equal(expected, Wire(request).GetProperty("tool_choice").GetRawText());
    }

    [Fact]
    public void Build_ToolChoiceWithoutTools_IsNotSent()
    {
        var wire = Wire(Request(ChatMessage.UserText("hi")) with { ToolChoice = new ToolChoice(ToolChoiceMode.None) });

        Assert.False(wire.TryGetProperty("tool_choice", out _));
        Assert.False(wire.TryGetProperty("tools", out _));
    }

    [Fact]
    public void Build_ToolCallArguments_BecomeAnInputObject_AndFreeformInputIsWrapped()
    {
        var request = Request(
            ChatMessage.UserText("go"),
            Assistant(
                new ToolUseBlock("c1", "f", """{"a":1}"""),
                new ToolUseBlock("c2", "f", ""),
                new ToolUseBlock("c3", "apply_patch", """*** Begin Patch"""),
                new ToolUseBlock("c4", "f", """{"cut":""")))
            with { Tools = [new ToolDefinition("f"), new ToolDefinition("apply_patch") { Freeform = true }] };

        var content = Wire(request).GetProperty("messages")[1].GetProperty("content");

        Assert.Equal("""{"a":1}""", content[0].GetProperty("input").GetRawText());
        Assert.Equal("{}", content[1].GetProperty("input").GetRawText());
        Assert.Equal("""{"input":"*** Begin Patch"}""", content[2].GetProperty("input").GetRawText());
        Assert.Equal("""{"input":"{\"cut\":"}""", content[3].GetProperty("input").GetRawText());
    }

    [Fact]
    public void Build_ToolResultWithImageAndError_KeepsBlocksAndIsError()
    {
        var request = Request(User(new ToolResultBlock("t1", [new TextBlock("chart:"), new ImageBlock(new MediaSource.Url("https://x/c.png"))]) { IsError = true }));

        var result = Wire(request).GetProperty("messages")[0].GetProperty("content")[0];

        Assert.True(result.GetProperty("is_error").GetBoolean());
        Assert.Equal(["text", "image"], result.GetProperty("content").EnumerateArray().Select(b => b.GetProperty("type").GetString()));
    }

    [Fact]
    public void Build_SamplingUserStreamAndSystem_AreSentInAnthropicsFields()
    {
        var request = Request(ChatMessage.UserText("hi")) with
        {
            System = [new TextBlock("Be brief.")],
            Sampling = new Sampling { TopP = 0.5, TopK = 20, Stop = ["END"], Seed = 7, MaxOutputTokens = 99 },
            User = "u-1",
            Stream = true,
        };

        var wire = Wire(request);

        Assert.Equal("claude-sonnet-4-5-20250929", wire.GetProperty("model").GetString());
        Assert.Equal("Be brief.", wire.GetProperty("system").GetString());
        Assert.Equal(0.5, wire.GetProperty("top_p").GetDouble());
        Assert.Equal(20, wire.GetProperty("top_k").GetInt64());
        Assert.Equal("""["END"]""", wire.GetProperty("stop_sequences").GetRawText());
        Assert.Equal("""{"user_id":"u-1"}""", wire.GetProperty("metadata").GetRawText());
        Assert.True(wire.GetProperty("stream").GetBoolean());
        Assert.False(wire.TryGetProperty("seed", out _));
    }

    [Fact]
    public void Build_SystemBlockWithCacheControl_IsSentAsBlocks()
    {
        var request = Request(ChatMessage.UserText("hi")) with { System = [new TextBlock("long context") { CacheControl = new CacheControl("ephemeral", "5m") }] };

        Assert.Equal("""[{"type":"text","text":"long context","cache_control":{"type":"ephemeral","ttl":"5m"}}]""", Wire(request).GetProperty("system").GetRawText());
    }

    [Theory]
    [InlineData("low", 1024)]
    [InlineData("medium", 8192)]
    [InlineData("high", 24576)]
    public void Build_ReasoningEffort_BecomesAThinkingBudget(string effort, long budget)
    {
        var wire = Wire(Request(ChatMessage.UserText("hi")) with { Reasoning = new Reasoning { Effort = effort }, Sampling = new Sampling { MaxOutputTokens = 32000 } });

        Assert.Equal($$"""{"type":"enabled","budget_tokens":{{budget}}}""", wire.GetProperty("thinking").GetRawText());
    }

    [Fact]
    public void Build_ReasoningDisabledOrMinimal_SendsNoThinking()
    {
        Assert.False(Wire(Request(ChatMessage.UserText("hi")) with { Reasoning = new Reasoning { Disabled = true, BudgetTokens = 5000 } }).TryGetProperty("thinking", out _));
        Assert.False(Wire(Request(ChatMessage.UserText("hi")) with { Reasoning = new Reasoning { Effort = "minimal" } }).TryGetProperty("thinking", out _));
    }

    [Fact]
    public void Build_ThinkingBudgetAboveDefaultMaxTokens_RaisesMaxTokensAndDropsTemperature()
    {
        var wire = Wire(Request(ChatMessage.UserText("hi")) with { Reasoning = new Reasoning { BudgetTokens = 10000 }, Sampling = new Sampling { Temperature = 0.2, TopK = 5 } });

        Assert.Equal(10000, wire.GetProperty("thinking").GetProperty("budget_tokens").GetInt64());
        Assert.True(wire.GetProperty("max_tokens").GetInt64() > 10000);
        Assert.False(wire.TryGetProperty("temperature", out _));
        Assert.False(wire.TryGetProperty("top_k", out _));
    }

    [Fact]
    public void Build_ThinkingBudgetAboveTheClientsMaxTokens_ShrinksTheBudget()
    {
        var wire = Wire(Request(ChatMessage.UserText("hi")) with { Reasoning = new Reasoning { BudgetTokens = 10000 }, Sampling = new Sampling { MaxOutputTokens = 5000 } });

        Assert.Equal(5000, wire.GetProperty("max_tokens").GetInt64());
        Assert.Equal(4999, wire.GetProperty("thinking").GetProperty("budget_tokens").GetInt64());
    }

    [Fact]
    public void Build_ForcedToolUse_SendsNoThinking()
    {
        var request = Request(ChatMessage.UserText("hi")) with
        {
            Tools = [new ToolDefinition("f")],
            ToolChoice = new ToolChoice(ToolChoiceMode.Required),
            Reasoning = new Reasoning { Effort = "high" },
        };

        Assert.False(Wire(request).TryGetProperty("thinking", out _));
    }

    [Fact]
    public void Build_JsonSchemaResponseFormat_IsApproximatedByASystemInstructionCarryingTheSchema()
    {
        var schema = JsonDocument.Parse("""{"type":"object","properties":{"answer":{"type":"string"}},"required":["answer"]}""").RootElement;
        var request = Request(ChatMessage.UserText("hi")) with
        {
            System = [new TextBlock("Be brief.")],
            ResponseFormat = new ResponseFormat(ResponseFormatKind.JsonSchema) { Schema = schema },
        };

        var system = Wire(request).GetProperty("system");

        Assert.Equal("Be brief.", system[0].GetProperty("text").GetString());
        var instruction = system[1].GetProperty("text").GetString()!;
        Assert.Contains("JSON Schema", instruction, StringComparison.Ordinal);
        Assert.Contains(schema.GetRawText(), instruction, StringComparison.Ordinal);
    }
}
