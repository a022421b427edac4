using System.Text;
using Louter.Streams.Canonical;
using Louter.Streams.Classification;
using Louter.Streams.Protocols.Anthropic;
using Louter.Streams.Routing;
using Xunit;

namespace Louter.Tests.Streams.Anthropic;

public sealed class AnthropicFrontendTests
{
    private static readonly AnthropicFrontend Frontend = AnthropicFrontend.Instance;

    private static AnthropicDecoded Decoded(string body)
    {
        var exchange = AnthropicFixtures.Exchange(body);
        Frontend.Decode(exchange);
        Assert.Null(exchange.Error);
        return Assert.IsType<AnthropicDecoded>(exchange.Request);
    }

    private static ChatRequest Canonical(string body) => Frontend.ToCanonical(Decoded(body));

    private static ChatRequest FullRequest() => Canonical(AnthropicFixtures.Text(AnthropicFixtures.RequestFull));

    [Fact]
    public void Frontend_IsNamedAnthropicAndSpeaksTheAnthropicProtocol()
    {
        Assert.Equal("anthropic", Frontend.Name);
        Assert.Equal(BackendProtocol.Anthropic, Frontend.Protocol);
    }

    [Fact]
    public void Decode_ValidBody_KeepsTheWireRequestModelAndStreamFlag()
    {
        var decoded = Decoded("""{"model":"claude-x","max_tokens":5,"stream":true,"messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal("claude-x", decoded.Model);
        Assert.True(decoded.Stream);
        Assert.True(decoded.ClientWantsStreamUsage);
        Assert.Equal(5, decoded.Wire.MaxTokens);
    }

    [Fact]
    public void Decode_MissingMaxTokens_SetsErrorAndNoRequest()
    {
        var exchange = AnthropicFixtures.Exchange("""{"model":"m","messages":[{"role":"user","content":"hi"}]}""");

        Frontend.Decode(exchange);

        Assert.Null(exchange.Request);
        Assert.Equal("max_tokens", exchange.Error!.Param);
        Assert.Equal("max_tokens: Field required", exchange.Error.Message);
    }

    [Fact]
    public void Classify_FullRequest_NamesVisionDocumentToolsReasoningAndStream()
    {
        var needs = Frontend.Classify(Decoded(AnthropicFixtures.Text(AnthropicFixtures.RequestFull)));

        Assert.Equal(
            RequestNeeds.Text | RequestNeeds.Vision | RequestNeeds.Document | RequestNeeds.FunctionCalling | RequestNeeds.Reasoning | RequestNeeds.Stream,
            needs);
    }

    [Fact]
    public void Classify_ImageOnlyInsideAToolResult_StillNeedsVision()
    {
        var needs = Frontend.Classify(Decoded("""
            {"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"t",
              "content":[{"type":"image","source":{"type":"url","url":"https://x/y.png"}}]}]}]}
            """));

        Assert.Equal(RequestNeeds.Text | RequestNeeds.Vision | RequestNeeds.FunctionCalling, needs);
    }

    [Fact]
    public void Classify_OutputFormatJsonSchema_NeedsStructuredOutput()
    {
        var needs = Frontend.Classify(Decoded("""
            {"model":"m","max_tokens":5,"output_config":{"format":{"type":"json_schema","schema":{"type":"object"}}},"messages":[{"role":"user","content":"hi"}]}
            """));

        Assert.Equal(RequestNeeds.Text | RequestNeeds.StructuredOutput, needs);
    }

    [Fact]
    public void ToCanonical_SystemBlocks_BecomeSystemTextBlocksKeepingCacheControl()
    {
        var request = FullRequest();

        Assert.Equal(2, request.System.Count);
        Assert.Equal("You are Claude Code, Anthropic's official CLI for Claude.", request.System[0].Text);
        Assert.Null(request.System[0].CacheControl);
        Assert.Equal(new CacheControl("ephemeral", "1h"), request.System[1].CacheControl);
    }

    [Fact]
    public void ToCanonical_SystemString_BecomesOneTextBlock()
    {
        var request = Canonical("""{"model":"m","max_tokens":5,"system":"Be brief.","messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal("Be brief.", Assert.Single(request.System).Text);
        Assert.Equal("hi", Assert.IsType<TextBlock>(Assert.Single(Assert.Single(request.Messages).Content)).Text);
    }

    /// <summary>
    /// Claude Code 2.x puts its environment and reminders in mid-conversation system messages
    /// (captured: messages [user, system]); a 400 for them costs every session a refused request.
    /// </summary>
    [Fact]
    public void ToCanonical_MidConversationSystemMessages_JoinTheSystemPromptInOrder()
    {
        var request = Canonical("""
            {"model":"m","max_tokens":5,"system":"Top.","messages":[
              {"role":"user","content":"hi"},
              {"role":"system","content":[{"type":"text","text":"# Environment","cache_control":{"type":"ephemeral"}}]},
              {"role":"assistant","content":"hello"},
              {"role":"system","content":"Reminder."},
              {"role":"user","content":"bye"}]}
            """);

        Assert.Equal(["Top.", "# Environment", "Reminder."], request.System.Select(b => b.Text));
        Assert.Equal(new CacheControl("ephemeral", null), request.System[1].CacheControl);
        Assert.Equal([ChatRole.User, ChatRole.Assistant, ChatRole.User], request.Messages.Select(m => m.Role));
    }

    [Fact]
    public void ToCanonical_ImagesAndDocuments_MapTheirSourcesToMediaSources()
    {
        var content = FullRequest().Messages[1].Content;

        Assert.Equal(new MediaSource.Inline("image/png", "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="), Assert.IsType<ImageBlock>(content[0]).Source);
        Assert.Equal(new MediaSource.Url("https://upload.wikimedia.org/wikipedia/commons/a/a7/Camponotus_flavomarginatus_ant.jpg"), Assert.IsType<ImageBlock>(content[1]).Source);
        var pdf = Assert.IsType<DocumentBlock>(content[2]);
        Assert.Equal("Report", pdf.Name);
        Assert.Equal("application/pdf", Assert.IsType<MediaSource.Inline>(pdf.Source).MimeType);
        var text = Assert.IsType<DocumentBlock>(content[3]);
        Assert.Equal(new MediaSource.Inline("text/plain", Convert.ToBase64String(Encoding.UTF8.GetBytes("The grass is green."))), text.Source);
        Assert.Equal(new MediaSource.Url("https://example.com/paper.pdf", "application/pdf"), Assert.IsType<DocumentBlock>(content[4]).Source);
        Assert.Equal(new CacheControl("ephemeral"), Assert.IsType<TextBlock>(content[5]).CacheControl);
    }

    [Fact]
    public void ToCanonical_FileSource_IsAnAnthropicFileId()
    {
        var request = Canonical("""
            {"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"type":"document","source":{"type":"file","file_id":"file_011CNha8iCJcU1wXNR6q4V8w"}}]}]}
            """);

        var doc = Assert.IsType<DocumentBlock>(Assert.Single(request.Messages[0].Content));
        Assert.Equal(new MediaSource.FileId("file_011CNha8iCJcU1wXNR6q4V8w", "anthropic"), doc.Source);
    }

    [Fact]
    public void ToCanonical_AssistantTurn_KeepsSignedThinkingRedactedThinkingAndToolUses()
    {
        var message = FullRequest().Messages[2];

        Assert.Equal(ChatRole.Assistant, message.Role);
        var thinking = Assert.IsType<ThinkingBlock>(message.Content[0]);
        Assert.Equal("EqQBCgIYAhIMsig1", thinking.Signature);
        var redacted = Assert.IsType<OpaqueBlock>(message.Content[1]);
        Assert.Equal(("anthropic", "redacted_thinking"), (redacted.Provider, redacted.Kind));
        Assert.Equal("""{"type": "redacted_thinking", "data": "EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP"}""", redacted.Payload.GetRawText());
        var call = Assert.IsType<ToolUseBlock>(message.Content[3]);
        Assert.Equal(("toolu_01A09q90qw90lq917835lq9", "get_weather", """{"location": "Paris", "unit": "celsius"}"""), (call.Id, call.Name, call.ArgumentsJson));
        Assert.Equal("{}", Assert.IsType<ToolUseBlock>(message.Content[4]).ArgumentsJson);
    }

    [Fact]
    public void ToCanonical_ToolResults_BecomeToolResultBlocksInTheUserTurn()
    {
        var message = FullRequest().Messages[3];

        Assert.Equal(ChatRole.User, message.Role);
        var first = Assert.IsType<ToolResultBlock>(message.Content[0]);
        Assert.Equal(("toolu_01A09q90qw90lq917835lq9", "15 degrees", false), (first.ToolUseId, first.Text, first.IsError));
        var second = Assert.IsType<ToolResultBlock>(message.Content[1]);
        Assert.True(second.IsError);
        Assert.Equal("clock unavailable", second.Text);
        Assert.IsType<ImageBlock>(second.Content[1]);
        var unknown = Assert.IsType<OpaqueBlock>(message.Content[2]);
        Assert.Equal("search_result", unknown.Kind);
    }

    [Fact]
    public void ToCanonical_ToolsChoiceSamplingThinkingUserAndStream_AreCarriedOver()
    {
        var request = FullRequest();

        Assert.Equal("claude-sonnet-4-5", request.Model);
        Assert.Equal(["get_weather", "get_time"], request.Tools.Select(t => t.Name)); // the server tool has no canonical form
        Assert.Equal("Get the current weather in a given location", request.Tools[0].Description);
        Assert.Equal("object", request.Tools[0].InputSchema!.Value.GetProperty("type").GetString());
        Assert.Equal(new ToolChoice(ToolChoiceMode.Required) { ParallelCalls = false }, request.ToolChoice);
        Assert.Equal(0.7, request.Sampling.Temperature);
        Assert.Equal(0.9, request.Sampling.TopP);
        Assert.Equal(40, request.Sampling.TopK);
        Assert.Equal(16000, request.Sampling.MaxOutputTokens);
        Assert.Equal(["\n\nHuman:", "END"], request.Sampling.Stop);
        Assert.Equal(10000, request.Reasoning!.BudgetTokens);
        Assert.Equal("user-1234", request.User);
        Assert.True(request.Stream);
    }

    [Theory]
    [InlineData("""{"type":"auto"}""", ToolChoiceMode.Auto, null)]
    [InlineData("""{"type":"any"}""", ToolChoiceMode.Required, null)]
    [InlineData("""{"type":"tool","name":"get_weather"}""", ToolChoiceMode.Specific, "get_weather")]
    [InlineData("""{"type":"none"}""", ToolChoiceMode.None, null)]
    public void ToCanonical_ToolChoice_MapsEachType(string choice, ToolChoiceMode mode, string? name)
    {
        var request = Canonical($$"""{"model":"m","max_tokens":5,"tool_choice":{{choice}},"messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal(new ToolChoice(mode, name), request.ToolChoice);
    }

    [Fact]
    public void ToCanonical_ThinkingDisabled_IsExplicitlyOff()
    {
        var request = Canonical("""{"model":"m","max_tokens":5,"thinking":{"type":"disabled"},"messages":[{"role":"user","content":"hi"}]}""");

        Assert.True(request.Reasoning!.Disabled);
    }

    [Fact]
    public void ToCanonical_OutputFormat_BecomesAJsonSchemaResponseFormat()
    {
        var request = Canonical("""
            {"model":"m","max_tokens":5,"output_format":{"type":"json_schema","schema":{"type":"object","properties":{"a":{"type":"string"}}}},"messages":[{"role":"user","content":"hi"}]}
            """);

        Assert.Equal(ResponseFormatKind.JsonSchema, request.ResponseFormat!.Kind);
        Assert.Equal("object", request.ResponseFormat.Schema!.Value.GetProperty("type").GetString());
    }
}
