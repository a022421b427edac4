using System.Text.Json;
using Louter.Streams.Canonical;
using Louter.Streams.Protocols.OpenAI.Mapping;
using Louter.Streams.Protocols.Responses;
using Louter.Streams.Protocols.Responses.Wire;
using Louter.Streams.Routing;
using Xunit;
using static Louter.Tests.Streams.Responses.Frontend.ResponsesFrontendSupport;

namespace Louter.Tests.Streams.Responses.Frontend;

/// <summary>Responses items and settings → the canonical request another backend is sent.</summary>
public sealed class ResponsesRequestMapperTests
{
    private static ChatRequest Canonical(string body, IReadOnlyList<ResponseItem>? history = null) => Canonical(body, out _, history);

    private static ChatRequest Canonical(string body, out List<string> notes, IReadOnlyList<ResponseItem>? history = null)
    {
        var decoded = Decoded(body, history);
        notes = decoded.Warnings;
        return ResponsesFrontend.Instance.ToCanonical(decoded);
    }

    private static string Items(string items) => $$"""{"model":"m","input":[{{items}}]}""";

    private static ResponseItem Item(string json) => JsonSerializer.Deserialize(json, ResponsesJsonContext.Default.ResponseItem)!;

    [Fact]
    public void ToCanonical_StringInput_IsOneUserTextTurn()
    {
        var request = Canonical("""{"model":"gpt-test","input":"hello","stream":true,"temperature":0.2,"top_p":0.8,"max_output_tokens":300,"user":"u","safety_identifier":"s"}""");

        Assert.Equal("gpt-test", request.Model);
        var turn = Assert.Single(request.Messages);
        Assert.Equal(ChatRole.User, turn.Role);
        Assert.Equal(new TextBlock("hello"), Assert.Single(turn.Content));
        Assert.True(request.Stream);
        Assert.Equal(new Sampling { Temperature = 0.2, TopP = 0.8, MaxOutputTokens = 300 }, request.Sampling);
        Assert.Equal("s", request.User); // safety_identifier replaces the deprecated user
        Assert.Empty(request.System);
        Assert.Null(request.ToolChoice);
    }

    [Fact]
    public void ToCanonical_UserParts_MapTextImagesFilesAndAudio()
    {
        var request = Canonical(Items("""
            {"role":"user","content":[
              {"type":"input_text","text":"look"},
              {"type":"input_image","image_url":"data:image/png;base64,iVBORw0K","detail":"low"},
              {"type":"input_image","image_url":"https://example.com/cat.jpg"},
              {"type":"input_image","file_id":"file-img"},
              {"type":"input_file","filename":"report.pdf","file_data":"data:application/pdf;base64,JVBERi0x"},
              {"type":"input_file","filename":"notes.txt","file_data":"aGVsbG8="},
              {"type":"input_file","file_data":"JVBERi0y"},
              {"type":"input_file","filename":"paper.pdf","file_url":"https://example.com/paper.pdf"},
              {"type":"input_file","file_id":"file-doc"},
              {"type":"input_audio","input_audio":{"data":"UklGR","format":"wav"}},
              {"type":"input_audio","input_audio":{"data":"SUQz","format":"mp3"}}]}
            """));

        var content = Assert.Single(request.Messages).Content;
        Assert.Equal(
        [
            new TextBlock("look"),
            new ImageBlock(new MediaSource.Inline("image/png", "iVBORw0K")) { Detail = "low" },
            new ImageBlock(new MediaSource.Url("https://example.com/cat.jpg")),
            new ImageBlock(new MediaSource.FileId("file-img", "openai")),
            new DocumentBlock(new MediaSource.Inline("application/pdf", "JVBERi0x"), "report.pdf"),
            new DocumentBlock(new MediaSource.Inline("text/plain", "aGVsbG8="), "notes.txt"),
            new DocumentBlock(new MediaSource.Inline("application/pdf", "JVBERi0y")),
            new DocumentBlock(new MediaSource.Url("https://example.com/paper.pdf", "application/pdf"), "paper.pdf"),
            new DocumentBlock(new MediaSource.FileId("file-doc", "openai")),
            new AudioBlock(new MediaSource.Inline("audio/wav", "UklGR"), "wav"),
            new AudioBlock(new MediaSource.Inline("audio/mpeg", "SUQz"), "mp3"),
        ], content);
    }

    [Fact]
    public void ToCanonical_InstructionsSystemAndDeveloperMessages_BecomeTheSystemInOrder()
    {
        var request = Canonical("""
            {"model":"m","instructions":"You are Codex.","input":[
              {"role":"developer","content":[{"type":"input_text","text":"sandbox: "},{"type":"input_text","text":"read-only"}]},
              {"role":"user","content":"hi"},
              {"role":"system","content":"Answer in French."}]}
            """);

        Assert.Equal(["You are Codex.", "sandbox: \nread-only", "Answer in French."], request.System.Select(s => s.Text));
        Assert.Equal(new TextBlock("hi"), Assert.Single(Assert.Single(request.Messages).Content));
    }

    [Fact]
    public void ToCanonical_AssistantMessageReasoningAndCalls_GatherIntoOneAssistantTurn()
    {
        var request = Canonical(Items("""
            {"role":"user","content":"weather and time?"},
            {"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"Two tools."}],"encrypted_content":"louter:anthropic:sig"},
            {"type":"message","role":"assistant","id":"msg_1","status":"completed","content":[{"type":"output_text","text":"Checking.","annotations":[]},{"type":"refusal","refusal":"Not that."}]},
            {"type":"function_call","id":"fc_1","call_id":"call_w","name":"get_weather","arguments":"{\"city\":\"Paris\"}"},
            {"type":"function_call","id":"fc_2","call_id":"call_t","name":"get_time","arguments":""},
            {"type":"function_call_output","call_id":"call_w","output":"sunny"},
            {"type":"function_call_output","call_id":"call_t","output":"noon"},
            {"role":"user","content":"thanks"}
            """));

        Assert.Equal([ChatRole.User, ChatRole.Assistant, ChatRole.User], request.Messages.Select(m => m.Role));
        Assert.Equal(
        [
            new ThinkingBlock("Two tools.") { Signature = "louter:anthropic:sig" },
            new TextBlock("Checking."),
            new TextBlock("Not that."),
            new ToolUseBlock("call_w", "get_weather", """{"city":"Paris"}"""),
            new ToolUseBlock("call_t", "get_time", "{}"),
        ], request.Messages[1].Content);

        var results = request.Messages[2].Content;
        Assert.Equal(3, results.Count);
        var weather = Assert.IsType<ToolResultBlock>(results[0]);
        Assert.Equal(("call_w", "get_weather", "sunny", false), (weather.ToolUseId, weather.Name, weather.Text, weather.IsError));
        var time = Assert.IsType<ToolResultBlock>(results[1]);
        Assert.Equal(("call_t", "get_time", "noon"), (time.ToolUseId, time.Name, time.Text));
        Assert.Equal(new TextBlock("thanks"), results[2]);
    }

    [Fact]
    public void ToCanonical_CustomToolCallAndOutput_KeepTheRawInputAndTheName()
    {
        var request = Canonical(Items("""
            {"type":"custom_tool_call","id":"ctc_1","call_id":"call_p","name":"apply_patch","input":"*** Begin Patch\n*** End Patch"},
            {"type":"custom_tool_call_output","call_id":"call_p","output":"Done!"}
            """));

        Assert.Equal(new ToolUseBlock("call_p", "apply_patch", "*** Begin Patch\n*** End Patch"), Assert.Single(request.Messages[0].Content));
        var result = Assert.IsType<ToolResultBlock>(Assert.Single(request.Messages[1].Content));
        Assert.Equal(("call_p", "apply_patch", "Done!"), (result.ToolUseId, result.Name, result.Text));
    }

    [Fact]
    public void ToCanonical_CustomToolCallForAChatBackend_TravelsAsTheInputParameterOfItsFunction()
    {
        var request = Canonical("""
            {"model":"m","tools":[{"type":"custom","name":"apply_patch"}],"input":[
              {"type":"custom_tool_call","call_id":"call_p","name":"apply_patch","input":"*** Begin Patch\n\"quoted\""},
              {"type":"custom_tool_call_output","call_id":"call_p","output":"Done!"}]}
            """);

        using var chat = JsonDocument.Parse(OpenAIRequestWriter.Write(request, new RouteCandidate(new BackendDescriptor { Name = "chat" }, "up")));

        var call = chat.RootElement.GetProperty("messages")[0].GetProperty("tool_calls")[0].GetProperty("function");
        Assert.Equal("apply_patch", call.GetProperty("name").GetString());
        // The model was told apply_patch takes {"input": string}: the history must say the same.
        Assert.Equal("""{"input":"*** Begin Patch\n\"quoted\""}""", call.GetProperty("arguments").GetString());
    }

    [Fact]
    public void ToCanonical_ToolOutputAsParts_IsAToolResultWithThoseParts()
    {
        var request = Canonical(Items("""
            {"type":"function_call","call_id":"c","name":"screenshot","arguments":"{}"},
            {"type":"function_call_output","call_id":"c","output":[{"type":"input_text","text":"here"},{"type":"input_image","image_url":"https://x/s.png"}]}
            """));

        var result = Assert.IsType<ToolResultBlock>(Assert.Single(request.Messages[1].Content));
        Assert.Equal([new TextBlock("here"), new ImageBlock(new MediaSource.Url("https://x/s.png"))], result.Content);
    }

    [Fact]
    public void ToCanonical_ReasoningItems_LouterSignedAreThinkingOpenAIsAreOpaqueEmptyOnesGo()
    {
        var request = Canonical(Items("""
            {"type":"reasoning","id":"rs_a","summary":[{"type":"summary_text","text":"a"},{"type":"summary_text","text":"b"}],"encrypted_content":"louter:gemini:c2ln"},
            {"type":"reasoning","id":"rs_b","summary":[],"encrypted_content":"gAAAAB-openai"},
            {"type":"reasoning","id":"rs_c","summary":[{"type":"summary_text","text":"visible only"}]},
            {"type":"reasoning","id":"rs_d","summary":[]},
            {"role":"assistant","content":"ok"}
            """));

        var content = Assert.Single(request.Messages).Content;
        Assert.Equal(4, content.Count);
        Assert.Equal(new ThinkingBlock("a\n\nb") { Signature = "louter:gemini:c2ln" }, content[0]);
        var opaque = Assert.IsType<OpaqueBlock>(content[1]);
        Assert.Equal(("openai-responses", "reasoning"), (opaque.Provider, opaque.Kind));
        Assert.Equal("""{"type":"reasoning","id":"rs_b","summary":[],"encrypted_content":"gAAAAB-openai"}""", opaque.Payload.GetRawText());
        Assert.Equal("rs_c", Assert.IsType<OpaqueBlock>(content[2]).Payload.GetProperty("id").GetString());
        Assert.Equal(new TextBlock("ok"), content[3]);
    }

    [Fact]
    public void ToCanonical_Tools_HostedLeftOutWithANoteNamespacesFlattenedCustomFreeformWithItsGrammar()
    {
        var request = Canonical("""
            {"model":"m","input":"hi","tools":[
              {"type":"function","name":"get_weather","description":"Weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}},"strict":true},
              {"type":"web_search","external_web_access":false},
              {"type":"custom","name":"apply_patch","description":"Apply a patch.","format":{"type":"grammar","syntax":"lark","definition":"start: begin_patch"}},
              {"type":"custom","name":"note","format":{"type":"text"}},
              {"type":"namespace","name":"mcp__git","tools":[{"type":"function","name":"status","description":"git status"},{"type":"custom","name":"commit"}]}]}
            """, out var notes);

        Assert.Equal(["get_weather", "apply_patch", "note", "status", "commit"], request.Tools.Select(t => t.Name));
        var weather = request.Tools[0];
        Assert.Equal(("Weather", true, false), (weather.Description, weather.Strict, weather.Freeform));
        Assert.Equal("object", weather.InputSchema!.Value.GetProperty("type").GetString());
        var patch = request.Tools[1];
        Assert.True(patch.Freeform);
        Assert.Null(patch.InputSchema);
        Assert.Equal("Apply a patch.\n\nThe \"input\" string must match this lark grammar:\nstart: begin_patch", patch.Description);
        Assert.Null(request.Tools[2].Description);
        Assert.True(request.Tools[4].Freeform);
        Assert.Equal("hosted tool 'web_search' is served only by OpenAI and was left out of the request", Assert.Single(notes));
    }

    public static TheoryData<string, ToolChoice?, string[]> ToolChoices() => new()
    {
        { "\"auto\"", new ToolChoice(ToolChoiceMode.Auto), ["a", "b", "p"] },
        { "\"none\"", new ToolChoice(ToolChoiceMode.None), ["a", "b", "p"] },
        { "\"required\"", new ToolChoice(ToolChoiceMode.Required), ["a", "b", "p"] },
        { """{"type":"function","name":"b"}""", new ToolChoice(ToolChoiceMode.Specific, "b"), ["a", "b", "p"] },
        { """{"type":"custom","name":"p"}""", new ToolChoice(ToolChoiceMode.Specific, "p"), ["a", "b", "p"] },
        { """{"type":"allowed_tools","mode":"required","tools":[{"type":"function","name":"b"},{"type":"custom","name":"p"}]}""", new ToolChoice(ToolChoiceMode.Required), ["b", "p"] },
        { """{"type":"allowed_tools","mode":"auto","tools":[{"type":"function","name":"a"}]}""", new ToolChoice(ToolChoiceMode.Auto), ["a"] },
        { """{"type":"web_search"}""", new ToolChoice(ToolChoiceMode.Auto), ["a", "b", "p"] },
    };

    [Theory]
    [MemberData(nameof(ToolChoices))]
    public void ToCanonical_ToolChoice_MapsEachForm(string choice, ToolChoice? expected, string[] tools)
    {
        var request = Canonical($$"""
            {"model":"m","input":"hi","tool_choice":{{choice}},"tools":[
              {"type":"function","name":"a"},{"type":"function","name":"b"},{"type":"custom","name":"p"}]}
            """);

        Assert.Equal(expected, request.ToolChoice);
        Assert.Equal(tools, request.Tools.Select(t => t.Name));
    }

    [Theory]
    [InlineData("", ToolChoiceMode.Auto)]
    [InlineData(""","tool_choice":"required" """, ToolChoiceMode.Required)]
    public void ToCanonical_ParallelToolCallsFalse_TurnsParallelCallsOff(string choice, ToolChoiceMode mode)
    {
        var request = Canonical($$"""{"model":"m","input":"hi","parallel_tool_calls":false{{choice.TrimEnd()}},"tools":[{"type":"function","name":"a"}]}""");

        Assert.Equal(new ToolChoice(mode) { ParallelCalls = false }, request.ToolChoice);
    }

    [Fact]
    public void ToCanonical_TextFormat_JsonObjectAndJsonSchema()
    {
        Assert.Equal(new ResponseFormat(ResponseFormatKind.JsonObject), Canonical("""{"model":"m","input":"hi","text":{"format":{"type":"json_object"}}}""").ResponseFormat);
        Assert.Null(Canonical("""{"model":"m","input":"hi","text":{"format":{"type":"text"}}}""").ResponseFormat);

        var format = Canonical("""
            {"model":"m","input":"hi","text":{"format":{"type":"json_schema","name":"city","strict":true,"schema":{"type":"object","properties":{"name":{"type":"string"}}}}}}
            """).ResponseFormat!;

        Assert.Equal((ResponseFormatKind.JsonSchema, "city", true), (format.Kind, format.Name, format.Strict));
        Assert.Equal("""{"type":"object","properties":{"name":{"type":"string"}}}""", format.Schema!.Value.GetRawText());
    }

    [Fact]
    public void ToCanonical_TextVerbosity_IsDroppedWithANote()
    {
        Canonical("""{"model":"m","input":"hi","text":{"verbosity":"low"}}""", out var notes);

        Assert.Equal("text.verbosity 'low' has no equivalent for this backend and was dropped", Assert.Single(notes));
    }

    [Theory]
    [InlineData("""{"effort":"none"}""", null, null, true)]
    [InlineData("""{"effort":"high","summary":"auto"}""", "high", true, false)]
    [InlineData("""{"effort":"low","generate_summary":"concise"}""", "low", true, false)]
    [InlineData("""{"effort":"medium"}""", "medium", null, false)]
    public void ToCanonical_Reasoning_EffortAndSummary(string reasoning, string? effort, bool? includeThoughts, bool disabled)
    {
        var request = Canonical($$"""{"model":"m","input":"hi","reasoning":{{reasoning}}}""");

        Assert.Equal(new Reasoning { Effort = effort, IncludeThoughts = includeThoughts, Disabled = disabled }, request.Reasoning);
    }

    [Fact]
    public void ToCanonical_UnknownItemType_IsLeftOutWithANote()
    {
        var request = Canonical(Items("""{"type":"web_search_call","id":"ws_1","status":"completed"},{"role":"user","content":"hi"}"""), out var notes);

        Assert.Equal(new TextBlock("hi"), Assert.Single(Assert.Single(request.Messages).Content));
        Assert.Equal("input item of type 'web_search_call' has no equivalent for this backend and was left out", Assert.Single(notes));
    }

    [Fact]
    public void Decode_ItemReferences_AreResolvedFromTheStoredHistory()
    {
        List<ResponseItem> history =
        [
            Item("""{"type":"message","role":"user","content":"weather?"}"""),
            Item("""{"type":"function_call","id":"fc_1","call_id":"call_1","name":"get_weather","arguments":"{}"}"""),
        ];

        var decoded = Decoded("""
            {"model":"m","previous_response_id":"resp_1","input":[
              {"type":"item_reference","id":"fc_1"},
              {"type":"item_reference","id":"fc_missing"},
              {"type":"function_call_output","call_id":"call_1","output":"rain"}]}
            """, history);

        Assert.True(decoded.HasHistory);
        Assert.Equal(["message", "function_call", "function_call", "function_call_output"], decoded.Items.Select(i => i.Type));
        Assert.Same(history[1], decoded.Items[2]);
        Assert.Equal(["function_call", "function_call_output"], decoded.Input.Select(i => i.Type));
        Assert.Equal("item_reference 'fc_missing' names no item of the stored conversation and was left out", Assert.Single(decoded.Warnings));
        var request = ResponsesFrontend.Instance.ToCanonical(decoded);
        Assert.Equal("get_weather", Assert.IsType<ToolResultBlock>(Assert.Single(request.Messages[^1].Content)).Name);
    }

    [Fact]
    public void Combine_WithoutReferences_IsHistoryThenInput()
    {
        var notes = new List<string>();
        List<ResponseItem> history = [Item("""{"type":"message","id":"msg_1","role":"assistant","content":"a"}""")];
        List<ResponseItem> input = [Item("""{"type":"message","role":"user","content":"b"}"""), Item("""{"type":"item_reference","id":"msg_1"}""")];

        var all = ResponseHistory.Combine(history, input, notes);

        Assert.Equal([history[0], input[0], history[0]], all);
        Assert.Empty(notes);
    }
}
