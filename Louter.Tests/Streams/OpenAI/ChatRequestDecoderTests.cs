using System.Text;
using Louter.Streams.Errors;
using Louter.Streams.Protocols.OpenAI;
using Xunit;

namespace Louter.Tests.Streams.OpenAI;

public sealed class ChatRequestDecoderTests
{
    private static GatewayError DecodeError(string body)
    {
        var (_, error) = ChatRequestDecoder.Decode(Encoding.UTF8.GetBytes(body));
        Assert.NotNull(error);
        Assert.Equal(GatewayErrorKind.InvalidRequest, error.Kind);
        Assert.Equal(400, error.Status);
        return error;
    }

    [Fact]
    public void Decode_ValidRequest_ReturnsTypedRequestAndNoError()
    {
        var (request, error) = ChatRequestDecoder.Decode("""
            {"model":"gpt-4o","messages":[{"role":"system","content":"be brief"},{"role":"user","content":[{"type":"text","text":"hi"}]}],
             "stream":true,"stream_options":{"include_usage":true},"max_tokens":16,"temperature":0.2,"some_future_field":{"x":1}}
            """u8);

        Assert.Null(error);
        Assert.NotNull(request);
        Assert.Equal("gpt-4o", request.Model);
        Assert.Equal(2, request.Messages!.Count);
        Assert.Equal("be brief", request.Messages[0].Content!.Text);
        Assert.Equal("hi", request.Messages[1].Content!.Parts![0].Text);
        Assert.True(request.Stream);
        Assert.True(request.StreamOptions!.IncludeUsage);
        Assert.Equal(16, request.MaxTokens);
    }

    [Fact]
    public void Decode_ToolMessageWithToolCallId_IsValid()
    {
        var (_, error) = ChatRequestDecoder.Decode("""
            {"model":"m","messages":[
              {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"{}"}}]},
              {"role":"tool","tool_call_id":"call_1","content":"42"}]}
            """u8);

        Assert.Null(error);
    }

    [Theory]
    [InlineData("{\"model\":")]
    [InlineData("{\"model\":\"m\",}")]
    [InlineData("not json")]
    [InlineData("{\"model\":\"m\" \"messages\":[]}")]
    public void Decode_MalformedJson_IsInvalidJsonWithoutParam(string body)
    {
        var error = DecodeError(body);

        Assert.Equal("invalid_json", error.Code);
        Assert.Null(error.Param);
        Assert.Contains("valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_EmptyBody_IsInvalidJson()
    {
        var error = DecodeError("");

        Assert.Equal("invalid_json", error.Code);
        Assert.Null(error.Param);
        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[{\"model\":\"m\"}]")]
    [InlineData("42")]
    [InlineData("\"a string\"")]
    [InlineData("null")]
    public void Decode_BodyIsNotAnObject_IsInvalidJson(string body)
    {
        var error = DecodeError(body);

        Assert.Equal("invalid_json", error.Code);
        Assert.Null(error.Param);
    }

    [Theory]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")]
    [InlineData("{\"model\":\"\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")]
    [InlineData("{\"model\":null,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")]
    public void Decode_MissingModel_NamesModel(string body)
    {
        var error = DecodeError(body);

        Assert.Equal("model", error.Param);
        Assert.Equal("missing_required_parameter", error.Code);
    }

    [Fact]
    public void Decode_MissingMessages_SaysSoInOpenAIsWords()
    {
        var error = DecodeError("{\"model\":\"gpt-4o\"}");

        Assert.Equal("Missing required parameter: 'messages'.", error.Message);
        Assert.Equal("messages", error.Param);
        Assert.Equal("missing_required_parameter", error.Code);
    }

    [Fact]
    public void Decode_EmptyMessages_IsEmptyArray()
    {
        var error = DecodeError("{\"model\":\"gpt-4o\",\"messages\":[]}");

        Assert.Equal("messages", error.Param);
        Assert.Equal("empty_array", error.Code);
    }

    [Theory]
    [InlineData("{\"model\":\"m\",\"messages\":\"hello\"}", "messages", "an array")]
    [InlineData("{\"model\":42,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "model", "a string")]
    [InlineData("{\"model\":\"m\",\"stream\":\"yes\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "stream", "a boolean")]
    [InlineData("{\"model\":\"m\",\"max_tokens\":\"ten\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "max_tokens", "an integer")]
    [InlineData("{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":\"s\"},{\"role\":\"user\",\"content\":5}]}", "messages[1].content", "a string or an array of content parts")]
    [InlineData("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":{\"text\":\"hi\"}}]}", "messages[0].content", "a string or an array of content parts")]
    public void Decode_WrongType_NamesTheFieldPath(string body, string param, string expected)
    {
        var error = DecodeError(body);

        Assert.Equal(param, error.Param);
        Assert.Equal("invalid_type", error.Code);
        Assert.Equal($"Invalid type for '{param}': expected {expected}.", error.Message);
    }

    [Fact]
    public void Decode_UnknownRole_IsInvalidValueOnThatMessage()
    {
        var error = DecodeError("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"robot\",\"content\":\"b\"}]}");

        Assert.Equal("messages[1].role", error.Param);
        Assert.Equal("invalid_value", error.Code);
        Assert.Contains("'robot'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_MessageWithoutRole_IsMissingRole()
    {
        var error = DecodeError("{\"model\":\"m\",\"messages\":[{\"content\":\"a\"}]}");

        Assert.Equal("messages[0].role", error.Param);
        Assert.Equal("missing_required_parameter", error.Code);
    }

    [Fact]
    public void Decode_NullMessage_IsInvalidType()
    {
        var error = DecodeError("{\"model\":\"m\",\"messages\":[null]}");

        Assert.Equal("messages[0]", error.Param);
        Assert.Equal("invalid_type", error.Code);
    }

    [Fact]
    public void Decode_ToolMessageWithoutToolCallId_IsMissingToolCallId()
    {
        var error = DecodeError("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"tool\",\"content\":\"42\"}]}");

        Assert.Equal("messages[1].tool_call_id", error.Param);
        Assert.Equal("missing_required_parameter", error.Code);
    }

    [Fact]
    public void Decode_ContentPartWithoutType_NamesThePart()
    {
        var error = DecodeError("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"a\"},{\"text\":\"b\"}]}]}");

        Assert.Equal("messages[0].content[1].type", error.Param);
        Assert.Equal("missing_required_parameter", error.Code);
    }

    [Theory]
    [InlineData("max_tokens", 0)]
    [InlineData("max_tokens", -5)]
    [InlineData("max_completion_tokens", 0)]
    public void Decode_OutputTokenLimitBelowOne_IsBelowMinimum(string field, int value)
    {
        var error = DecodeError($"{{\"model\":\"m\",\"{field}\":{value},\"messages\":[{{\"role\":\"user\",\"content\":\"a\"}}]}}");

        Assert.Equal(field, error.Param);
        Assert.Equal("integer_below_min_value", error.Code);
        Assert.Contains($"got {value}", error.Message, StringComparison.Ordinal);
    }
}
