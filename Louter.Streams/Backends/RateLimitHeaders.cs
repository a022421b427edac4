using System.Globalization;
using System.Net.Http.Headers;

namespace Louter.Streams.Backends;

/// <summary>
/// Reads an upstream's rate-limit headers: when to retry, and which headers to pass on to the client.
/// OpenAI sends <c>x-ratelimit-{limit,remaining,reset}-{requests,tokens}</c> with resets as Go-style
/// durations ("6m0s", "20ms"), and sometimes <c>retry-after</c> (seconds or an HTTP date) or
/// <c>retry-after-ms</c>.
/// </summary>
public static class RateLimitHeaders
{
    /// <summary>The delay the upstream asks for, from the most precise header it sent; null if it sent none.</summary>
    public static TimeSpan? RetryAfter(HttpResponseHeaders headers, DateTimeOffset now)
    {
        if (First(headers, "retry-after-ms") is { } ms && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var millis) && millis >= 0)
            return TimeSpan.FromMilliseconds(millis);

        if (First(headers, "retry-after") is { } ra)
        {
            if (double.TryParse(ra, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
                return TimeSpan.FromSeconds(seconds);
            if (DateTimeOffset.TryParse(ra, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
                return at > now ? at - now : TimeSpan.Zero;
        }

        // The reset of whichever budget is exhausted; if none says so, the longer reset.
        TimeSpan? exhausted = null, any = null;
        foreach (var kind in (ReadOnlySpan<string>)["requests", "tokens"])
        {
            if (First(headers, "x-ratelimit-reset-" + kind) is not { } reset || ParseDuration(reset) is not { } d) continue;
            any = any is null || d > any ? d : any;
            if (First(headers, "x-ratelimit-remaining-" + kind) == "0")
                exhausted = exhausted is null || d > exhausted ? d : exhausted;
        }
        if ((exhausted ?? any) is { } openAI) return openAI;

        // Anthropic: anthropic-ratelimit-{requests,tokens,input-tokens,output-tokens}-reset as RFC 3339 times.
        TimeSpan? anthropic = null;
        foreach (var kind in (ReadOnlySpan<string>)["requests", "tokens", "input-tokens", "output-tokens"])
        {
            if (First(headers, "anthropic-ratelimit-" + kind + "-remaining") != "0") continue;
            if (First(headers, "anthropic-ratelimit-" + kind + "-reset") is not { } reset
                || !DateTimeOffset.TryParse(reset, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)) continue;
            var wait = at > now ? at - now : TimeSpan.Zero;
            anthropic = anthropic is null || wait > anthropic ? wait : anthropic;
        }
        return anthropic;
    }

    /// <summary>The client-facing Retry-After value: whole seconds, rounded up, at least 1.</summary>
    public static string ToHeaderValue(TimeSpan delay) =>
        Math.Max(1, (long)Math.Ceiling(delay.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The upstream's x-ratelimit-* and anthropic-ratelimit-* headers, to relay unchanged. Read without
    /// validation: enumerating the validated view parses every header the upstream sent (its Date,
    /// Cache-Control …) and formats it back, ~1 µs a request for headers that are not ours to relay.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Passthrough(HttpResponseHeaders headers)
    {
        List<KeyValuePair<string, string>>? list = null;
        foreach (var (name, values) in headers.NonValidated)
        {
            if (!name.StartsWith("x-ratelimit-", StringComparison.OrdinalIgnoreCase)
                && !name.StartsWith("anthropic-ratelimit-", StringComparison.OrdinalIgnoreCase)) continue;
            list ??= [];
            list.Add(new(name.ToLowerInvariant(), values.Count == 1 ? values.ToString() : string.Join(",", values)));
        }
        return list ?? (IReadOnlyList<KeyValuePair<string, string>>)[];
    }

    /// <summary>
    /// Parses a Go-style duration as OpenAI writes resets: "1s", "6m0s", "20ms", "1h2m3.5s", "0.5s".
    /// Also accepts a bare number of seconds.
    /// </summary>
    public static TimeSpan? ParseDuration(string text)
    {
        var s = text.Trim();
        if (s.Length == 0) return null;
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var bare))
            return bare >= 0 ? TimeSpan.FromSeconds(bare) : null;

        double totalMs = 0;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.')) i++;
            if (i == start || !double.TryParse(s.AsSpan(start, i - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                return null;
            var unitStart = i;
            while (i < s.Length && char.IsAsciiLetter(s[i])) i++;
            var factor = s.AsSpan(unitStart, i - unitStart) switch
            {
                "h" => 3_600_000d,
                "m" => 60_000d,
                "s" => 1_000d,
                "ms" => 1d,
                "us" or "µs" => 0.001d,
                "ns" => 0.000001d,
                _ => double.NaN,
            };
            if (double.IsNaN(factor)) return null;
            totalMs += value * factor;
        }
        return TimeSpan.FromMilliseconds(totalMs);
    }

    private static string? First(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
