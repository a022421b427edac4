using System.Text;
using System.Text.Json;
using Louter.Streams.Errors;
using Louter.Streams.Protocols.OpenAI;
using Xunit;

namespace Louter.Tests.Streams.OpenAI;

public sealed class OpenAIErrorsTests
{
    private static JsonElement Error(byte[] body)
    {
        using var doc = JsonDocument.Parse(body);
        var root = doc.RootElement.Clone();
        Assert.Equal(["error"], root.EnumerateObject().Select(p => p.Name));
        return root.GetProperty("error");
    }

    [Fact]
    public void Render_InvalidRequest_HasOpenAIsShape()
    {
        var error = Error(OpenAIErrors.Render(GatewayError.Invalid("Missing required parameter: 'messages'.", "messages", "missing_required_parameter")));

        Assert.Equal(["message", "type", "param", "code"], error.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Missing required parameter: 'messages'.", error.GetProperty("message").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal("messages", error.GetProperty("param").GetString());
        Assert.Equal("missing_required_parameter", error.GetProperty("code").GetString());
    }

    [Fact]
    public void Render_ParamAndCodeUnset_ArePresentAsNull()
    {
        var error = Error(OpenAIErrors.Render(new GatewayError(GatewayErrorKind.Internal, "boom")));

        Assert.Equal(["message", "type", "param", "code"], error.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, error.GetProperty("param").ValueKind);
        Assert.Equal(JsonValueKind.Null, error.GetProperty("code").ValueKind);
        Assert.Equal("server_error", error.GetProperty("type").GetString());
    }

    [Theory]
    [InlineData(GatewayErrorKind.RateLimited, "rate_limit_error", "rate_limit_exceeded")]
    [InlineData(GatewayErrorKind.BadGateway, "server_error", "upstream_error")]
    [InlineData(GatewayErrorKind.Unavailable, "server_error", "backend_unavailable")]
    [InlineData(GatewayErrorKind.GatewayTimeout, "server_error", "upstream_timeout")]
    [InlineData(GatewayErrorKind.RequestTooLarge, "invalid_request_error", "request_too_large")]
    [InlineData(GatewayErrorKind.NotImplemented, "server_error", "not_implemented")]
    [InlineData(GatewayErrorKind.Unauthorized, "authentication_error", null)]
    [InlineData(GatewayErrorKind.Forbidden, "permission_error", null)]
    [InlineData(GatewayErrorKind.NotFound, "invalid_request_error", null)]
    [InlineData(GatewayErrorKind.UpstreamRejected, "invalid_request_error", null)]
    public void Render_KindWithoutCode_UsesTheKindsTypeAndDefaultCode(GatewayErrorKind kind, string type, string? code)
    {
        var error = Error(OpenAIErrors.Render(new GatewayError(kind, "m")));

        Assert.Equal(type, error.GetProperty("type").GetString());
        Assert.Equal(code, error.GetProperty("code").GetString());
    }

    [Fact]
    public void Render_ExplicitCode_WinsOverTheDefault()
    {
        var error = Error(OpenAIErrors.Render(new GatewayError(GatewayErrorKind.Unavailable, "m") { Code = "backend_overloaded" }));

        Assert.Equal("backend_overloaded", error.GetProperty("code").GetString());
    }

    [Fact]
    public void TypeOf_EveryKind_HasAType()
    {
        Assert.All(Enum.GetValues<GatewayErrorKind>(), kind => Assert.EndsWith("_error", OpenAIErrors.TypeOf(kind), StringComparison.Ordinal));
    }

    [Fact]
    public void RenderStreamEvent_IsOneDataEventHoldingTheErrorBody()
    {
        var error = new GatewayError(GatewayErrorKind.GatewayTimeout, "Backend 'b' went silent.");

        var text = Encoding.UTF8.GetString(OpenAIErrors.RenderStreamEvent(error));

        Assert.StartsWith("data: {\"error\":", text, StringComparison.Ordinal);
        Assert.EndsWith("}\n\n", text, StringComparison.Ordinal);
        Assert.Equal(Encoding.UTF8.GetString(OpenAIErrors.Render(error)), text[6..^2]);
        Assert.DoesNotContain("\n", text[..^2], StringComparison.Ordinal);
    }

    [Fact]
    public void MessageOf_OpenAIErrorBody_ReturnsItsMessage()
    {
        Assert.Equal("Rate limit reached", OpenAIErrors.MessageOf("""{"error":{"message":"Rate limit reached","type":"requests","param":null,"code":"rate_limit_exceeded"}}"""u8));
    }

    /// <summary>llama.cpp's server (a numeric code in the envelope) and vLLM (no envelope), as they answer an over-long prompt.</summary>
    [Theory]
    [InlineData("""{"error":{"code":400,"message":"the request exceeds the available context size, try increasing it","type":"exceed_context_size_error","n_prompt_tokens":9000,"n_ctx":8192}}""", "the request exceeds the available context size, try increasing it")]
    [InlineData("""{"object":"error","message":"This model's maximum context length is 32768 tokens.","type":"BadRequestError","param":null,"code":400}""", "This model's maximum context length is 32768 tokens.")]
    public void MessageOf_OpenAICompatibleServerErrorBody_ReturnsItsMessage(string body, string message)
    {
        Assert.Equal(message, OpenAIErrors.MessageOf(Encoding.UTF8.GetBytes(body)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("<html>Bad Gateway</html>")]
    [InlineData("{\"message\":\"no object:error, so not an error body\"}")]
    [InlineData("{\"detail\":\"nope\"}")]
    [InlineData("{\"error\":\"just a string\"}")]
    public void MessageOf_NotAnOpenAIError_IsNull(string body)
    {
        Assert.Null(OpenAIErrors.MessageOf(Encoding.UTF8.GetBytes(body)));
    }
}
