using System.Text.Json;
using Louter.Streams.Errors;
using Louter.Streams.Protocols.Gemini;
using Xunit;
using static Louter.Tests.Streams.Gemini.GeminiTestSupport;

namespace Louter.Tests.Streams.Gemini;

public sealed class GeminiErrorsTests
{
    private static JsonElement Error(byte[] body)
    {
        using var doc = JsonDocument.Parse(body);
        var root = doc.RootElement.Clone();
        Assert.Equal(["error"], root.EnumerateObject().Select(p => p.Name));
        return root.GetProperty("error");
    }

    [Theory]
    [InlineData(GatewayErrorKind.InvalidRequest, 400, "INVALID_ARGUMENT")]
    [InlineData(GatewayErrorKind.Unauthorized, 401, "UNAUTHENTICATED")]
    [InlineData(GatewayErrorKind.Forbidden, 403, "PERMISSION_DENIED")]
    [InlineData(GatewayErrorKind.NotFound, 404, "NOT_FOUND")]
    [InlineData(GatewayErrorKind.RequestTooLarge, 413, "INVALID_ARGUMENT")]
    [InlineData(GatewayErrorKind.RateLimited, 429, "RESOURCE_EXHAUSTED")]
    [InlineData(GatewayErrorKind.Internal, 500, "INTERNAL")]
    [InlineData(GatewayErrorKind.NotImplemented, 501, "UNIMPLEMENTED")]
    [InlineData(GatewayErrorKind.BadGateway, 502, "INTERNAL")]
    [InlineData(GatewayErrorKind.Unavailable, 503, "UNAVAILABLE")]
    [InlineData(GatewayErrorKind.GatewayTimeout, 504, "DEADLINE_EXCEEDED")]
    [InlineData(GatewayErrorKind.UpstreamRejected, 400, "INVALID_ARGUMENT")]
    public void Render_EveryKind_HasGooglesShapeCodeAndStatus(GatewayErrorKind kind, int code, string status)
    {
        var error = Error(GeminiFrontend.Instance.RenderError(new GatewayError(kind, "what happened")));

        Assert.Equal(["code", "message", "status"], error.EnumerateObject().Select(p => p.Name));
        Assert.Equal((code, "what happened", status), (error.GetProperty("code").GetInt32(), error.GetProperty("message").GetString(), error.GetProperty("status").GetString()));
    }

    [Fact]
    public void Render_UpstreamNotFound_KeepsItsStatus()
    {
        var error = Error(GeminiErrors.Render(new GatewayError(GatewayErrorKind.UpstreamRejected, "no such model") { UpstreamStatus = 404 }));

        Assert.Equal((404, "NOT_FOUND"), (error.GetProperty("code").GetInt32(), error.GetProperty("status").GetString()));
    }

    [Fact]
    public void Render_RateLimitWithRetryAfter_CarriesARetryInfoDetailInWholeSeconds()
    {
        var error = Error(GeminiErrors.Render(new GatewayError(GatewayErrorKind.RateLimited, "slow down") { RetryAfter = TimeSpan.FromSeconds(29.2) }));

        Assert.Equal(
            """[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"30s"}]""",
            error.GetProperty("details").GetRawText());
    }

    [Fact]
    public void Render_FieldError_CarriesABadRequestDetailNamingTheField()
    {
        var error = Error(GeminiErrors.Render(GatewayError.Invalid("Please use a valid role: user, model.", "contents[0].role")));

        Assert.Equal(
            """[{"@type":"type.googleapis.com/google.rpc.BadRequest","fieldViolations":[{"field":"contents[0].role","description":"Please use a valid role: user, model."}]}]""",
            error.GetProperty("details").GetRawText());
    }

    [Fact]
    public void RenderStreamError_IsOneSseDataEventHoldingTheErrorObject()
    {
        var body = System.Text.Encoding.UTF8.GetString(GeminiFrontend.Instance.RenderStreamError(new GatewayError(GatewayErrorKind.Unavailable, "busy")));

        Assert.StartsWith("data: {\"error\":", body, StringComparison.Ordinal);
        Assert.EndsWith("}\n\n", body, StringComparison.Ordinal);
        Assert.Equal("UNAVAILABLE", Error(Utf8(SseData(body).Single())).GetProperty("status").GetString());
    }

    [Fact]
    public void RecordedShape429_RetryDelayAndMessageAreRead()
    {
        var body = Authored("error_429.json");

        Assert.Equal(TimeSpan.FromSeconds(27), GeminiErrors.RetryDelay(body));
        Assert.StartsWith("You exceeded your current quota", GeminiErrors.MessageOf(body), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("30s", 30_000d)]
    [InlineData("1.5s", 1_500d)]
    [InlineData("0.25s", 250d)]
    [InlineData("30", null)]
    [InlineData("s", null)]
    [InlineData("-1s", null)]
    [InlineData(null, null)]
    public void ParseDuration_ReadsProtobufDurations(string? text, double? milliseconds) =>
        Assert.Equal(milliseconds is { } ms ? TimeSpan.FromMilliseconds(ms) : null, GeminiErrors.ParseDuration(text));

    [Theory]
    [InlineData(429, GatewayErrorKind.RateLimited)]
    [InlineData(503, GatewayErrorKind.Unavailable)]
    [InlineData(504, GatewayErrorKind.GatewayTimeout)]
    [InlineData(400, GatewayErrorKind.UpstreamRejected)]
    [InlineData(401, GatewayErrorKind.BadGateway)]
    [InlineData(500, GatewayErrorKind.BadGateway)]
    public void FromUpstream_KeepsTheStatusMeaning(int code, GatewayErrorKind kind) =>
        Assert.Equal(kind, GeminiErrors.FromUpstream(new Louter.Streams.Protocols.Gemini.Wire.GeminiError { Code = code, Message = "m" }).Kind);
}
