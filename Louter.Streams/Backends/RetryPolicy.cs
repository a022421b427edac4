using Louter.Streams.Errors;

namespace Louter.Streams.Backends;

/// <summary>
/// When a failed attempt is tried again, and on which backend ([retries] in the config). Only
/// before anything reached the client: an attempt that failed before the upstream's answer began
/// (connect error, timeout, a status in <see cref="RetryOn"/>) moves to the next candidate; never
/// to the backend that just failed unless it is the only candidate. Waits grow exponentially from
/// <see cref="Backoff"/> with full jitter, capped by <see cref="MaxBackoff"/>; a retry on the same
/// backend waits at least its Retry-After; nothing is tried that would end past <see cref="Deadline"/>.
/// </summary>
public sealed record RetryPolicy
{
    /// <summary>No retries: one attempt on the first candidate.</summary>
    public static readonly RetryPolicy None = new() { MaxAttempts = 1 };

    /// <summary>Attempts per request, the first included.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Upstream statuses worth another attempt.</summary>
    public IReadOnlySet<int> RetryOn { get; init; } = new HashSet<int> { 429, 500, 502, 503, 504, 529 };

    /// <summary>The first retry waits up to this long (with jitter); each further one up to twice as long.</summary>
    public TimeSpan Backoff { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>No attempt starts after this much time since the request arrived.</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Jitter source in [0, 1); injectable for tests.</summary>
    public Func<double> Random { get; init; } = System.Random.Shared.NextDouble;

    /// <summary>Whether an attempt that ended this way may be tried again (elsewhere).</summary>
    public bool Retries(UpstreamOutcome outcome, int status) => outcome switch
    {
        UpstreamOutcome.ConnectFailed or UpstreamOutcome.Timeout => true,
        UpstreamOutcome.RateLimited or UpstreamOutcome.Overloaded or UpstreamOutcome.ServerError => RetryOn.Contains(status),
        _ => false,
    };

    /// <summary>The wait before retry number <paramref name="retry"/> (1 = the first retry): full jitter over an exponential ceiling.</summary>
    public TimeSpan Delay(int retry)
    {
        if (Backoff <= TimeSpan.Zero) return TimeSpan.Zero;
        var ceiling = Math.Min(MaxBackoff.TotalMilliseconds, Backoff.TotalMilliseconds * Math.Pow(2, Math.Max(0, retry - 1)));
        return TimeSpan.FromMilliseconds(ceiling * Random());
    }
}
