using System.Text;
using System.Text.Json;
using Louter.Streams.Errors;
using Louter.Streams.Protocols.Anthropic;
using Xunit;

namespace Louter.Tests.Streams.Anthropic;

public sealed class AnthropicErrorsTests
{
    public static TheoryData<GatewayError, string> Types => new()
    {
        { GatewayError.Invalid("bad"), "invalid_request_error" },
        { new GatewayError(GatewayErrorKind.UpstreamRejected, "bad") { UpstreamStatus = 422 }, "invalid_request_error" },
        { new GatewayError(GatewayErrorKind.UpstreamRejected, "no such model") { UpstreamStatus = 404 }, "not_found_error" },
        { new GatewayError(GatewayErrorKind.NotFound, "model 'x' is not served"), "not_found_error" },
        { new GatewayError(GatewayErrorKind.Unauthorized, "no key"), "authentication_error" },
        { new GatewayError(GatewayErrorKind.Forbidden, "not yours"), "permission_error" },
        { new GatewayError(GatewayErrorKind.RequestTooLarge, "too big"), "request_too_large" },
        { new GatewayError(GatewayErrorKind.RateLimited, "slow down"), "rate_limit_error" },
        { new GatewayError(GatewayErrorKind.Unavailable, "busy") { Code = "backend_overloaded" }, "overloaded_error" },
        { new GatewayError(GatewayErrorKind.Unavailable, "down") { Code = "backend_unreachable" }, "api_error" },
        { new GatewayError(GatewayErrorKind.BadGateway, "broken"), "api_error" },
        { new GatewayError(GatewayErrorKind.GatewayTimeout, "slow"), "api_error" },
        { new GatewayError(GatewayErrorKind.Internal, "bug"), "api_error" },
        { new GatewayError(GatewayErrorKind.NotImplemented, "later"), "api_error" },
    };

    [Theory]
    [MemberData(nameof(Types))]
    public void Render_EachKind_IsAnthropicsErrorShapeWithItsType(GatewayError error, string type)
    {
        var json = JsonDocument.Parse(AnthropicErrors.Render(error)).RootElement;

        Assert.Equal("error", json.GetProperty("type").GetString());
        Assert.Equal(type, json.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(error.Message, json.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(2, json.EnumerateObject().Count());
    }

    [Fact]
    public void Render_MessageWithQuotesAndAccents_IsNotHtmlEscaped()
    {
        var body = Encoding.UTF8.GetString(AnthropicErrors.Render(GatewayError.Invalid("messages.0.role: Input should be 'user' or 'assistant' — café")));

        Assert.Equal("""{"type":"error","error":{"type":"invalid_request_error","message":"messages.0.role: Input should be 'user' or 'assistant' — café"}}""", body);
    }

    [Fact]
    public void RenderStreamError_IsANamedErrorEvent()
    {
        var bytes = AnthropicFrontend.Instance.RenderStreamError(new GatewayError(GatewayErrorKind.Unavailable, "Overloaded") { Code = "backend_overloaded" });

        Assert.Equal("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n", Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void RenderError_OnTheFrontend_IsTheSameBody()
    {
        var error = new GatewayError(GatewayErrorKind.RateLimited, "slow down");

        Assert.Equal(AnthropicErrors.Render(error), AnthropicFrontend.Instance.RenderError(error));
    }

    [Theory]
    [InlineData("""{"type":"error","error":{"type":"invalid_request_error","message":"max_tokens: Field required"},"request_id":"req_1"}""", "max_tokens: Field required")]
    [InlineData("""{"error":{"message":"an OpenAI-shaped body"}}""", "an OpenAI-shaped body")]
    [InlineData("""<html>502 Bad Gateway</html>""", null)]
    [InlineData("""{"type":"error"}""", null)]
    public void MessageOf_AnErrorBody_IsItsMessageOrNull(string body, string? message) =>
        Assert.Equal(message, AnthropicErrors.MessageOf(Encoding.UTF8.GetBytes(body)));
}
