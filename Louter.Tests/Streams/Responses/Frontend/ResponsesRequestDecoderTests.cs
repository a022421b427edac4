using System.Text.Json;
using Louter.Streams.Errors;
using Louter.Streams.Protocols.Responses;
using Xunit;
using static Louter.Tests.Streams.Responses.Frontend.ResponsesFrontendSupport;

namespace Louter.Tests.Streams.Responses.Frontend;

/// <summary>Bad bodies are 400s in OpenAI's error shape, worded as OpenAI words them; what Codex sends is never one.</summary>
public sealed class ResponsesRequestDecoderTests
{
    private static GatewayError Refused(string body)
    {
        var exchange = Exchange(body);
        ResponsesFrontend.Instance.Decode(exchange);
        Assert.Null(exchange.Request);
        var error = Assert.IsType<GatewayError>(exchange.Error);
        Assert.Equal(400, error.Status);
        return error;
    }

    public static TheoryData<string, string, string?, string?> BadBodies() => new()
    {
        { """{"input":"hi"}""", "Missing required parameter: 'model'.", "model", "missing_required_parameter" },
        { """{"model":"","input":"hi"}""", "Missing required parameter: 'model'.", "model", "missing_required_parameter" },
        { """{"model":"m"}""", "Missing required parameter: 'input'.", "input", "missing_required_parameter" },
        {
            """{"model":"m","input":[{"type":"message","role":"robot","content":"hi"}]}""",
            "Invalid value: 'robot'. Supported values are: 'user', 'assistant', 'system', and 'developer'.", "input[0].role", "invalid_value"
        },
        { """{"model":"m","input":[{"type":"message","content":"hi"}]}""", "Missing required parameter: 'input[0].role'.", "input[0].role", "missing_required_parameter" },
        { """{"model":"m","input":[{"role":"user"}]}""", "Missing required parameter: 'input[0].content'.", "input[0].content", "missing_required_parameter" },
        {
            """{"model":"m","input":[{"role":"user","content":[{"text":"no type"}]}]}""",
            "Missing required parameter: 'input[0].content[0].type'.", "input[0].content[0].type", "missing_required_parameter"
        },
        {
            """{"model":"m","input":["hi",{"type":"function_call_output","output":"ok"}]}""",
            "Invalid type for 'input[0]': expected an object.", "input[0]", "invalid_type"
        },
        {
            """{"model":"m","input":[{"role":"user","content":"hi"},{"type":"function_call_output","output":"ok"}]}""",
            "Missing required parameter: 'input[1].call_id'.", "input[1].call_id", "missing_required_parameter"
        },
        {
            """{"model":"m","input":[{"type":"function_call_output","call_id":"call_1"}]}""",
            "Missing required parameter: 'input[0].output'.", "input[0].output", "missing_required_parameter"
        },
        {
            """{"model":"m","input":[{"type":"function_call","call_id":"call_1","arguments":"{}"}]}""",
            "Missing required parameter: 'input[0].name'.", "input[0].name", "missing_required_parameter"
        },
        {
            """{"model":"m","input":[{"type":"custom_tool_call","name":"apply_patch","input":"x"}]}""",
            "Missing required parameter: 'input[0].call_id'.", "input[0].call_id", "missing_required_parameter"
        },
        { """{"model":"m","input":[{"type":"item_reference"}]}""", "Missing required parameter: 'input[0].id'.", "input[0].id", "missing_required_parameter" },
        { """{"model":"m","input":[null]}""", "Invalid type for 'input[0]': expected an object, but got null instead.", "input[0]", "invalid_type" },
        {
            """{"model":"m","input":"hi","max_output_tokens":15}""",
            "Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 16, but got 15 instead.", "max_output_tokens", "integer_below_min_value"
        },
        { """{"model":"m","input":"hi","background":true}""", "Background responses are not supported by this gateway; omit 'background'.", "background", "unsupported_parameter" },
        {
            """{"model":"m","input":"hi","conversation":"conv_123"}""",
            "Conversation objects are not supported by this gateway; send the history as input items or use 'previous_response_id'.", "conversation", "unsupported_parameter"
        },
        {
            """{"model":"m","input":"hi","text":{"format":{"type":"json_schema","schema":{"type":"object"}}}}""",
            "Missing required parameter: 'text.format.name'.", "text.format.name", "missing_required_parameter"
        },
        {
            """{"model":"m","input":"hi","text":{"format":{"type":"json_schema","name":"x"}}}""",
            "Missing required parameter: 'text.format.schema'.", "text.format.schema", "missing_required_parameter"
        },
        { """{"model":"m","input":"hi","tools":[{"name":"f"}]}""", "Missing required parameter: 'tools[0].type'.", "tools[0].type", "missing_required_parameter" },
        { """{"model":"m","input":"hi","tools":[{"type":"custom"}]}""", "Missing required parameter: 'tools[0].name'.", "tools[0].name", "missing_required_parameter" },
        {
            """{"model":"m","input":"hi","tools":[{"type":"namespace","name":"ns","tools":[{"type":"function"}]}]}""",
            "Missing required parameter: 'tools[0].tools[0].name'.", "tools[0].tools[0].name", "missing_required_parameter"
        },
        { """{"model":"m","input":"hi","tools":[null]}""", "Invalid type for 'tools[0]': expected an object, but got null instead.", "tools[0]", "invalid_type" },
        { """{"model":42,"input":"hi"}""", "Invalid type for 'model': expected a string.", "model", "invalid_type" },
        { """{"model":"m","input":"hi","stream":"yes"}""", "Invalid type for 'stream': expected a boolean.", "stream", "invalid_type" },
        { """{"model":"m","input":"hi","max_output_tokens":"many"}""", "Invalid type for 'max_output_tokens': expected an integer.", "max_output_tokens", "invalid_type" },
        { """{"model":"m","input":42}""", "Invalid type for 'input': expected a string or an array of input items.", "input", "invalid_type" },
        {
            """{"model":"m","input":[{"role":"user","content":7}]}""",
            "Invalid type for 'input[0].content': expected a string or an array of content parts.", "input[0].content", "invalid_type"
        },
        {
            """{"model":"m","input":[{"role":"user","content":[{"type":5}]}]}""",
            "Invalid type for 'input[0].content[0].type': expected a string.", "input[0].content[0].type", "invalid_type"
        },
        { """{"model":"m","input":"hi","tool_choice":{"type":"function","name":false}}""", "Invalid type for 'tool_choice.name': expected a string.", "tool_choice.name", "invalid_type" },
        { """{"model":"m","input":"hi","tool_choice":3}""", "Invalid type for 'tool_choice': expected a string or an object.", "tool_choice", "invalid_type" },
        { """{"model":"m","input":"hi","tools":{}}""", "Invalid type for 'tools': expected an array.", "tools", "invalid_type" },
        { "", "The request body is empty. Send a JSON object with 'model' and 'input'.", null, "invalid_json" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public void Decode_BadBody_Is400WithOpenAIsMessageParamAndCode(string body, string message, string? param, string? code)
    {
        var error = Refused(body);

        Assert.Equal(message, error.Message);
        Assert.Equal(param, error.Param);
        Assert.Equal(code, error.Code);
    }

    [Theory]
    [InlineData("""{"model":"m","input":[{"role":"user","content":"hi"}""")]
    [InlineData("""{"model":"m","input":"hi",}""")]
    [InlineData("not json")]
    [InlineData("[]")]
    public void Decode_MalformedJson_IsInvalidJsonWithTheLine(string body)
    {
        var error = Refused(body);

        Assert.Equal("invalid_json", error.Code);
        Assert.StartsWith("We could not parse the JSON body of your request (line 1, byte ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderError_IsOpenAIsErrorShape()
    {
        var error = Refused("""{"model":"m","input":[{"type":"function_call_output","output":"ok"}]}""");

        Assert.Equal(
            """{"error":{"message":"Missing required parameter: 'input[0].call_id'.","type":"invalid_request_error","param":"input[0].call_id","code":"missing_required_parameter"}}""",
            System.Text.Encoding.UTF8.GetString(ResponsesFrontend.Instance.RenderError(error)));
    }

    /// <summary>Codex sends new item and tool types as OpenAI adds them; rejecting one would fail every turn.</summary>
    [Fact]
    public void Decode_UnknownItemsHostedToolsAndCodexFields_AreNotErrors()
    {
        var decoded = Decoded("""
            {"model":"gpt-5-codex","instructions":"You are Codex.","store":false,"stream":true,"include":["reasoning.encrypted_content"],
             "prompt_cache_key":"abc","service_tier":"auto","parallel_tool_calls":false,"future_field":{"x":1},
             "reasoning":{"effort":"medium","summary":"auto"},"text":{"verbosity":"low"},
             "input":[
               {"type":"message","role":"developer","content":[{"type":"input_text","text":"sandbox: read-only"}]},
               {"type":"message","role":"user","content":[{"type":"input_text","text":"hi"}]},
               {"type":"reasoning","id":"rs_1","summary":[],"encrypted_content":"gAAAA"},
               {"type":"web_search_call","id":"ws_1","status":"completed","action":{"type":"search","query":"x"}},
               {"type":"local_shell_call","id":"lsh_1","call_id":"c1","status":"completed","action":{"type":"exec","command":["ls"]}},
               {"type":"compaction_summary","encrypted_content":"zz"}],
             "tools":[
               {"type":"web_search","external_web_access":false},
               {"type":"local_shell"},
               {"type":"image_generation","output_format":"png"},
               {"type":"custom","name":"apply_patch","format":{"type":"grammar","syntax":"lark","definition":"start: x"}},
               {"type":"namespace","name":"mcp__x","description":"tools of x","tools":[{"type":"function","name":"y","parameters":{"type":"object"}}]}],
             "tool_choice":"auto"}
            """);

        Assert.Equal("gpt-5-codex", decoded.Model);
        Assert.True(decoded.Stream);
        Assert.False(decoded.Store);
        Assert.Equal(6, decoded.Items.Count);
        Assert.Equal(["apply_patch"], decoded.CustomTools);
        Assert.Equal("mcp__x", decoded.Namespaces["y"]);
        Assert.Equal(JsonValueKind.Object, decoded.Wire.Extra!["future_field"].ValueKind);
        Assert.Equal("gAAAA", decoded.Items[2].EncryptedContent);
        Assert.Equal(JsonValueKind.Object, decoded.Items[3].Extra!["action"].ValueKind);
    }

    [Theory]
    [InlineData("""{"model":"m","previous_response_id":"resp_1"}""")]
    [InlineData("""{"model":"m","input":"hi","max_output_tokens":16,"background":false,"conversation":null}""")]
    [InlineData("""{"model":"m","input":"hi","text":{"format":{"type":"json_schema","name":"x","schema":{"type":"object"}}}}""")]
    [InlineData("""{"model":"m","input":[{"content":"untyped items are messages","role":"user"}]}""")]
    [InlineData("""{"model":"m","input":[{"type":"custom_tool_call_output","call_id":"c","output":[{"type":"input_text","text":"ok"}]}]}""")]
    public void Decode_ValidEdgeCases_AreAccepted(string body)
    {
        var decoded = Decoded(body);

        Assert.Equal("m", decoded.Model);
    }

    [Fact]
    public void Decode_StringInput_IsOneUserMessageAndTheDecodedRequestSaysSo()
    {
        var decoded = Decoded("""{"model":"m","input":"hello"}""");

        var item = Assert.Single(decoded.Items);
        Assert.Equal(("message", "user", "hello"), (item.Type, item.Role, item.Content!.Text));
        Assert.Same(decoded.Items, decoded.Input);
        Assert.False(decoded.HasHistory);
        Assert.False(decoded.Stream);
        Assert.True(decoded.Store);
        Assert.True(decoded.ClientWantsStreamUsage);
    }
}
