using System.Net.Http.Headers;
using Louter.Streams.Backends;
using Xunit;

namespace Louter.Tests.Streams.Backends;

public sealed class RateLimitHeadersTests
{
    private static readonly DateTimeOffset Now = new(2025, 11, 22, 8, 0, 0, TimeSpan.Zero);

    private static HttpResponseHeaders Headers(params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage();
        foreach (var (name, value) in headers) Assert.True(response.Headers.TryAddWithoutValidation(name, value));
        return response.Headers;
    }

    [Theory]
    [InlineData("6m0s", 360_000)]
    [InlineData("1s", 1_000)]
    [InlineData("20ms", 20)]
    [InlineData("1h2m3.5s", 3_723_500)]
    [InlineData("0.5s", 500)]
    [InlineData("17", 17_000)]
    [InlineData(" 2s ", 2_000)]
    [InlineData("1m", 60_000)]
    [InlineData("0s", 0)]
    public void ParseDuration_GoStyleDurationOrSeconds_IsParsed(string text, double expectedMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), RateLimitHeaders.ParseDuration(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("junk")]
    [InlineData("5x")]
    [InlineData("1s2")]
    [InlineData("ms")]
    [InlineData("-3")]
    [InlineData("1.2.3s")]
    public void ParseDuration_Junk_IsNull(string text)
    {
        Assert.Null(RateLimitHeaders.ParseDuration(text));
    }

    [Fact]
    public void RetryAfter_RetryAfterMs_WinsOverEverythingElse()
    {
        var headers = Headers(("retry-after-ms", "1500"), ("retry-after", "30"), ("x-ratelimit-remaining-requests", "0"), ("x-ratelimit-reset-requests", "6m0s"));

        Assert.Equal(TimeSpan.FromMilliseconds(1500), RateLimitHeaders.RetryAfter(headers, Now));
    }

    [Fact]
    public void RetryAfter_RetryAfterSeconds_WinsOverResets()
    {
        var headers = Headers(("retry-after", "30"), ("x-ratelimit-remaining-requests", "0"), ("x-ratelimit-reset-requests", "6m0s"));

        Assert.Equal(TimeSpan.FromSeconds(30), RateLimitHeaders.RetryAfter(headers, Now));
    }

    [Fact]
    public void RetryAfter_UnparsableRetryAfterMs_FallsBackToRetryAfter()
    {
        var headers = Headers(("retry-after-ms", "soon"), ("retry-after", "3"));

        Assert.Equal(TimeSpan.FromSeconds(3), RateLimitHeaders.RetryAfter(headers, Now));
    }

    [Fact]
    public void RetryAfter_HttpDate_IsTheTimeUntilThatDate()
    {
        var headers = Headers(("retry-after", "Sat, 22 Nov 2025 08:01:30 GMT"));

        Assert.Equal(TimeSpan.FromSeconds(90), RateLimitHeaders.RetryAfter(headers, Now));
    }

    [Fact]
    public void RetryAfter_HttpDateInThePast_IsZero()
    {
        var headers = Headers(("retry-after", "Sat, 22 Nov 2025 07:59:00 GMT"));

        Assert.Equal(TimeSpan.Zero, RateLimitHeaders.RetryAfter(headers, Now));
    }

    [Fact]
    public void RetryAfter_OneBudgetExhausted_UsesThatBudgetsResetEvenIfShorter()
    {
        var headers = Headers(
            ("x-ratelimit-remaining-requests", "0"), ("x-ratelimit-reset-requests", "1s"),
            ("x-ratelimit-remaining-tokens", "5000"), ("x-ratelimit-reset-tokens", "6m0s"));

        Assert.Equal(TimeSpan.FromSeconds(1), RateLimitHeaders.RetryAfter(headers, Now));
    }

    [Fact]
    public void RetryAfter_TokensExhausted_UsesTheTokenReset()
    {
        var headers = Headers(
            ("x-ratelimit-remaining-requests", "99"), ("x-ratelimit-reset-requests", "8.64s"),
            ("x-ratelimit-remaining-tokens", "0"), ("x-ratelimit-reset-tokens", "20ms"));

        Assert.Equal(TimeSpan.FromMilliseconds(20), RateLimitHeaders.RetryAfter(headers, Now));
    }

    [Fact]
    public void RetryAfter_NoBudgetSaysExhausted_UsesTheLongerReset()
    {
        var headers = Headers(("x-ratelimit-reset-requests", "1s"), ("x-ratelimit-reset-tokens", "1m30s"));

        Assert.Equal(TimeSpan.FromSeconds(90), RateLimitHeaders.RetryAfter(headers, Now));
    }

    [Fact]
    public void RetryAfter_NoHeaders_IsNull()
    {
        Assert.Null(RateLimitHeaders.RetryAfter(Headers(("x-request-id", "abc")), Now));
    }

    [Theory]
    [InlineData(0, "1")]
    [InlineData(10, "1")]
    [InlineData(1000, "1")]
    [InlineData(1001, "2")]
    [InlineData(1500, "2")]
    [InlineData(360_000, "360")]
    public void ToHeaderValue_RoundsUpToWholeSecondsAtLeastOne(double ms, string expected)
    {
        Assert.Equal(expected, RateLimitHeaders.ToHeaderValue(TimeSpan.FromMilliseconds(ms)));
    }

    [Fact]
    public void Passthrough_KeepsOnlyRateLimitHeaders_LowerCased()
    {
        var headers = Headers(
            ("X-RateLimit-Limit-Requests", "500"),
            ("x-ratelimit-remaining-requests", "0"),
            ("x-ratelimit-reset-tokens", "6m0s"),
            ("retry-after", "2"),
            ("openai-organization", "org-secret"),
            ("set-cookie", "session=1"),
            ("x-request-id", "req_1"));

        var passed = RateLimitHeaders.Passthrough(headers);

        Assert.Equal(
            [
                new("x-ratelimit-limit-requests", "500"),
                new("x-ratelimit-remaining-requests", "0"),
                new("x-ratelimit-reset-tokens", "6m0s"),
            ],
            passed.OrderBy(h => h.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void Passthrough_NoRateLimitHeaders_IsEmpty()
    {
        Assert.Empty(RateLimitHeaders.Passthrough(Headers(("retry-after", "2"))));
    }
}
