using System.Text.Json;
using Louter.Streams.Canonical;
using Xunit;
using static Louter.Tests.Streams.Responses.Frontend.ResponsesFrontendSupport;

namespace Louter.Tests.Streams.Responses.Frontend;

/// <summary>Non-streamed answers: one response object with the output items and usage.</summary>
public sealed class ResponsesEncodeResponseTests
{
    private const string Body = """
        {"model":"gpt-test","input":"hi","tools":[
          {"type":"custom","name":"apply_patch"},
          {"type":"namespace","name":"mcp__git","tools":[{"type":"function","name":"status"}]}]}
        """;

    private static JsonElement Encode(ChatResponse response, string body = Body, MemoryResponseStore? store = null)
    {
        var encoder = Encoder(body, store);
        Assert.Equal("application/json", encoder.ContentType);
        var json = JsonDocument.Parse(encoder.EncodeResponse(response)).RootElement;
        Assert.Equal(encoder.Id, json.GetProperty("id").GetString());
        return json;
    }

    [Fact]
    public void EncodeResponse_ReasoningTextAndCalls_AreOutputItemsInOrder()
    {
        var json = Encode(new ChatResponse("up-1", "upstream-model",
        [
            new ThinkingBlock("Pondering.") { Signature = "louter:anthropic:sig" },
            new TextBlock("Two "),
            new TextBlock("parts."),
            new ToolUseBlock("call_1", "get_weather", """{"city":"Paris"}"""),
            new ToolUseBlock("call_2", "apply_patch", """{"input":"*** Begin Patch"}"""),
            new ToolUseBlock("call_3", "status", "{}"),
            new TextBlock("After."),
        ], StopReason.ToolUse)
        {
            Usage = new TokenUsage(100, 40) { CacheRead = 60, Reasoning = 12 },
        });

        Assert.Equal(("response", "completed", "gpt-test"), (json.GetProperty("object").GetString(), json.GetProperty("status").GetString(), json.GetProperty("model").GetString()));
        var output = json.GetProperty("output");
        Assert.Equal(["reasoning", "message", "function_call", "custom_tool_call", "function_call", "message"],
            output.EnumerateArray().Select(i => i.GetProperty("type").GetString()));

        var reasoning = output[0];
        Assert.Equal("""[{"type":"summary_text","text":"Pondering."}]""", reasoning.GetProperty("summary").GetRawText());
        Assert.Equal("louter:anthropic:sig", reasoning.GetProperty("encrypted_content").GetString());

        var message = output[1];
        Assert.StartsWith("msg_", message.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal(("assistant", "completed"), (message.GetProperty("role").GetString(), message.GetProperty("status").GetString()));
        Assert.Equal("""[{"type":"output_text","text":"Two ","annotations":[],"logprobs":[]},{"type":"output_text","text":"parts.","annotations":[],"logprobs":[]}]""",
            message.GetProperty("content").GetRawText());

        Assert.Equal(("call_1", "get_weather", """{"city":"Paris"}""", "completed"),
            (output[2].GetProperty("call_id").GetString(), output[2].GetProperty("name").GetString(), output[2].GetProperty("arguments").GetString(), output[2].GetProperty("status").GetString()));
        Assert.StartsWith("fc_", output[2].GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal(("call_2", "*** Begin Patch"), (output[3].GetProperty("call_id").GetString(), output[3].GetProperty("input").GetString()));
        Assert.StartsWith("ctc_", output[3].GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("mcp__git", output[4].GetProperty("namespace").GetString());
        Assert.Equal("After.", output[5].GetProperty("content")[0].GetProperty("text").GetString());

        Assert.Equal("""{"input_tokens":100,"input_tokens_details":{"cached_tokens":60},"output_tokens":40,"output_tokens_details":{"reasoning_tokens":12},"total_tokens":140}""",
            json.GetProperty("usage").GetRawText());
        Assert.False(json.TryGetProperty("incomplete_details", out _));
    }

    [Fact]
    public void EncodeResponse_Refusal_IsARefusalPart()
    {
        var json = Encode(new ChatResponse("", "m", [new TextBlock("I can't help with that.")], StopReason.Refusal));

        Assert.Equal("""[{"type":"refusal","refusal":"I can't help with that."}]""", json.GetProperty("output")[0].GetProperty("content").GetRawText());
        Assert.Equal("completed", json.GetProperty("status").GetString());
    }

    [Fact]
    public void EncodeResponse_MaxTokens_IsIncompleteWithTheReason()
    {
        var json = Encode(new ChatResponse("", "m", [new TextBlock("Once")], StopReason.MaxTokens) { Usage = new TokenUsage(3, 16) });

        Assert.Equal("incomplete", json.GetProperty("status").GetString());
        Assert.Equal("""{"reason":"max_output_tokens"}""", json.GetProperty("incomplete_details").GetRawText());
    }

    [Fact]
    public void EncodeResponse_ToolCallWithoutAnId_GetsACallId()
    {
        var json = Encode(new ChatResponse("", "m", [new ToolUseBlock("", "get_weather", "{}")], StopReason.ToolUse));

        Assert.StartsWith("call_", json.GetProperty("output")[0].GetProperty("call_id").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void EncodeResponse_OwnReasoningItemCarriedOpaque_IsWrittenBackAsItWas()
    {
        var item = JsonDocument.Parse("""{"type":"reasoning","id":"rs_up","summary":[],"encrypted_content":"gAAAA"}""").RootElement;
        var json = Encode(new ChatResponse("", "m",
        [
            new OpaqueBlock("openai-responses", "reasoning", item),
            new OpaqueBlock("anthropic", "redacted_thinking", JsonDocument.Parse("""{"data":"x"}""").RootElement),
            new TextBlock("hi"),
        ], StopReason.EndTurn));

        var output = json.GetProperty("output");
        Assert.Equal(2, output.GetArrayLength());
        Assert.Equal(item.GetRawText(), output[0].GetRawText());
    }

    [Fact]
    public void EncodeResponse_NoUsage_StillReportsUsage()
    {
        var json = Encode(new ChatResponse("", "m", [new TextBlock("hi")], StopReason.EndTurn));

        Assert.Equal(0, json.GetProperty("usage").GetProperty("total_tokens").GetInt64());
    }

    [Fact]
    public void EncodeResponse_WithPreviousResponseId_EchoesItAndStoresTheChainLink()
    {
        var store = new MemoryResponseStore();

        var json = Encode(new ChatResponse("", "m", [new TextBlock("next")], StopReason.EndTurn),
            """{"model":"gpt-test","previous_response_id":"resp_before","input":[{"type":"function_call_output","call_id":"c","output":"ok"}]}""", store);

        Assert.Equal("resp_before", json.GetProperty("previous_response_id").GetString());
        var saved = store.Saved[json.GetProperty("id").GetString()!];
        Assert.Equal("resp_before", saved.PreviousResponseId);
        var input = Assert.Single(saved.ReadInput());
        Assert.Equal(("function_call_output", "c"), (input.Type, input.CallId));
    }
}
