using System.ClientModel;
using System.Net;
using System.Text.Json;
using Louter.Tests.EndToEnd.Support;
using OpenAI.Chat;
using Xunit;

namespace Louter.Tests.EndToEnd;

/// <summary>Every failure comes back in OpenAI's error shape with the right status.</summary>
public sealed class ErrorMappingTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(HttpResponseMessage Response, JsonElement Error)> PostAsync(string body)
    {
        var response = await gateway.Louter.PostChatAsync(body, Ct);
        var json = await response.Content.ReadAsStringAsync(Ct);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(json);
        var error = doc.RootElement.GetProperty("error").Clone();
        // OpenAI's shape: message, type, param, code — all four present.
        Assert.Equal(["message", "type", "param", "code"], error.EnumerateObject().Select(p => p.Name));
        return (response, error);
    }

    [Theory]
    [InlineData("{\"model\":\"gpt-test\",\"messages\":[", null, "invalid_json")]
    [InlineData("not json at all", null, "invalid_json")]
    [InlineData("{\"model\":\"gpt-test\"}", "messages", "missing_required_parameter")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "model", "missing_required_parameter")]
    [InlineData("{\"model\":\"gpt-test\",\"messages\":\"hello\"}", "messages", "invalid_type")]
    [InlineData("{\"model\":42,\"messages\":[]}", "model", "invalid_type")]
    [InlineData("{\"model\":\"gpt-test\",\"stream\":\"yes\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "stream", "invalid_type")]
    [InlineData("{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"user\",\"content\":5}]}", "messages[0].content", "invalid_type")]
    [InlineData("{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"wizard\",\"content\":\"x\"}]}", "messages[0].role", "invalid_value")]
    public async Task BadRequest_Is400_NamingTheField(string body, string? param, string code)
    {
        var (response, error) = await PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.DoesNotContain(gateway.Upstream.Requests, r => r.BodyText == body);
    }

    [Fact]
    public async Task BadRequest_ThroughSdk_SurfacesAs400()
    {
        var ex = await Assert.ThrowsAsync<ClientResultException>(() =>
            gateway.Chat("gpt-test").CompleteChatAsync([new UserChatMessage("x")], new ChatCompletionOptions { MaxOutputTokenCount = 0 }, Ct));
        Assert.Equal(400, ex.Status);
    }

    [Fact]
    public async Task UnknownModel_WhenEveryBackendIsMapped_Is404()
    {
        await using var upstream = await MockUpstream.StartAsync();
        await using var louter = await LouterInstance.StartAsync("""
            [backends.only]
            url = "{upstream}"
            [backends.only.model_mapping]
            "known" = "echo"
            """, upstream.BaseUrl);

        using var response = await louter.PostChatAsync("""{"model":"no-such-model","messages":[{"role":"user","content":"x"}]}""", Ct);
        var json = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("model_not_found", json, StringComparison.Ordinal);
        Assert.Contains("no-such-model", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upstream429_Is429_WithRetryAfterFromRetryAfterMs_AndRateLimitHeadersPassedThrough()
    {
        var (response, error) = await PostAsync("""{"model":"status-429","messages":[{"role":"user","content":"x"}]}""");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("rate_limit_error", error.GetProperty("type").GetString());
        Assert.Equal("3", response.Headers.GetValues("retry-after").Single()); // 2500 ms, rounded up
        Assert.Equal("0", response.Headers.GetValues("x-ratelimit-remaining-requests").Single());
        Assert.Equal("6m0s", response.Headers.GetValues("x-ratelimit-reset-requests").Single());
    }

    [Fact]
    public async Task Upstream429_WithOnlyResetHeaders_RetryAfterFollowsTheExhaustedBudget()
    {
        var (response, _) = await PostAsync("""{"model":"status-429-reset","messages":[{"role":"user","content":"x"}]}""");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("90", response.Headers.GetValues("retry-after").Single()); // tokens exhausted: 1m30s
    }

    [Fact]
    public async Task Upstream429_ThroughSdk_SurfacesAs429()
    {
        var ex = await Assert.ThrowsAsync<ClientResultException>(() =>
            gateway.Chat("status-429").CompleteChatAsync([new UserChatMessage("x")], cancellationToken: Ct));
        Assert.Equal(429, ex.Status);
    }

    [Theory]
    [InlineData("status-500", HttpStatusCode.BadGateway, "upstream_error")]
    [InlineData("status-502", HttpStatusCode.BadGateway, "upstream_error")]
    [InlineData("status-503", HttpStatusCode.ServiceUnavailable, "backend_overloaded")]
    [InlineData("status-529", HttpStatusCode.ServiceUnavailable, "backend_overloaded")]
    [InlineData("status-401", HttpStatusCode.BadGateway, "upstream_error")]
    public async Task UpstreamServerFailures_MapToGatewayStatuses(string model, HttpStatusCode expected, string code)
    {
        var (response, error) = await PostAsync($$"""{"model":"{{model}}","messages":[{"role":"user","content":"x"}]}""");

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(code, error.GetProperty("code").GetString());
        // Nothing of the backend's credential state reaches the client.
        Assert.DoesNotContain("sk-", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upstream400_KeepsItsStatusAndMessage()
    {
        var (response, error) = await PostAsync("""{"model":"status-400","messages":[{"role":"user","content":"x"}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Invalid value for 'temperature': must be between 0 and 2.", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task ConnectionRefused_Is503()
    {
        var (response, error) = await PostAsync("""{"model":"gpt-dead","messages":[{"role":"user","content":"x"}]}""");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("connection refused", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpstreamTimeout_Is504_AndTheUpstreamRequestIsCancelled()
    {
        var (response, error) = await PostAsync("""{"model":"hang","messages":[{"role":"user","content":"x"}]}""");

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("upstream_timeout", error.GetProperty("code").GetString());
        await gateway.Upstream.WhenCancelled("hang").WaitAsync(TimeSpan.FromSeconds(10), Ct);
    }

    [Fact]
    public async Task StreamingRequest_FailingBeforeTheFirstByte_GetsAPlainHttpError()
    {
        var (response, _) = await PostAsync("""{"model":"status-500","stream":true,"messages":[{"role":"user","content":"x"}]}""");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
    }

    [Fact]
    public async Task UnknownPath_IsAnOpenAIShaped404()
    {
        using var response = await gateway.Louter.Http.GetAsync("/v1/nothing-here", Ct);
        var json = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Invalid URL (GET /v1/nothing-here)", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OversizedBody_Is413()
    {
        await using var louter = await LouterInstance.StartAsync("""
            [server]
            max_request_body = "1KiB"
            [backends.m]
            protocol = "mock"
            """);

        var body = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"" + new string('x', 4096) + "\"}]}";
        using var response = await louter.PostChatAsync(body, Ct);
        var json = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("request_too_large", json, StringComparison.Ordinal);
    }
}
