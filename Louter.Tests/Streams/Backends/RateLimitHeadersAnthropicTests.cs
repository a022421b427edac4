using System.Net.Http.Headers;
using Louter.Streams.Backends;
using Xunit;

namespace Louter.Tests.Streams.Backends;

public sealed class RateLimitHeadersAnthropicTests
{
    private static HttpResponseHeaders Headers(params (string Name, string Value)[] values)
    {
        using var response = new HttpResponseMessage();
        foreach (var (name, value) in values) response.Headers.TryAddWithoutValidation(name, value);
        return response.Headers;
    }

    [Fact]
    public void RetryAfter_AnthropicExhaustedBudget_WaitsUntilItsReset()
    {
        var now = new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
        var headers = Headers(
            ("anthropic-ratelimit-requests-remaining", "12"),
            ("anthropic-ratelimit-requests-reset", "2026-11-27T12:00:05Z"),
            ("anthropic-ratelimit-input-tokens-remaining", "0"),
            ("anthropic-ratelimit-input-tokens-reset", "2026-11-27T12:00:42Z"));

        Assert.Equal(TimeSpan.FromSeconds(42), RateLimitHeaders.RetryAfter(headers, now));
    }

    [Fact]
    public void Passthrough_KeepsAnthropicRateLimitHeaders()
    {
        var headers = Headers(("anthropic-ratelimit-requests-limit", "50"), ("request-id", "req_1"));

        Assert.Equal([new KeyValuePair<string, string>("anthropic-ratelimit-requests-limit", "50")], RateLimitHeaders.Passthrough(headers));
    }
}
