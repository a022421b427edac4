using System.Collections.Concurrent;
using Louter.Streams.Errors;

namespace Louter.Streams.Routing.Balancing;

/// <summary>
/// Per-backend load as the attempts report it: requests in flight (least-connections), an
/// exponentially weighted moving average of time to first byte (latency), and until when a backend
/// asked (429 + Retry-After) not to be sent more. One per node; fed by <see cref="IAttemptObserver"/>,
/// read by the balancing policies and the router. Lock-free except the EWMA update.
/// </summary>
public sealed class BackendLoad(TimeProvider? time = null) : IAttemptObserver
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Weight of the newest sample in the average.</summary>
    public const double Alpha = 0.3;

    /// <summary>
    /// A failed attempt (no usable first byte) counts as at least this slow, so a backend that
    /// refuses connections in 1 ms does not look like the fastest one.
    /// </summary>
    public static readonly TimeSpan FailureSample = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public void Started(string backend) => Interlocked.Increment(ref EntryFor(backend).InFlight);

    public void Finished(string backend, UpstreamOutcome outcome, TimeSpan elapsed, TimeSpan? timeToFirstByte)
    {
        var entry = EntryFor(backend);
        Interlocked.Decrement(ref entry.InFlight);

        TimeSpan sample;
        switch (outcome)
        {
            // The client's own doing says nothing about the backend's speed.
            case UpstreamOutcome.ClientCancelled or UpstreamOutcome.ClientError or UpstreamOutcome.None:
                return;
            case UpstreamOutcome.Success when timeToFirstByte is { } ttfb:
                sample = ttfb;
                break;
            default:
                sample = elapsed > FailureSample ? elapsed : FailureSample;
                break;
        }

        lock (entry)
        {
            entry.LatencyMs = double.IsNaN(entry.LatencyMs) ? sample.TotalMilliseconds : Alpha * sample.TotalMilliseconds + (1 - Alpha) * entry.LatencyMs;
        }
    }

    public void RateLimited(string backend, TimeSpan retryAfter)
    {
        if (retryAfter <= TimeSpan.Zero) return;
        var until = _time.GetTimestamp() + (long)(retryAfter.TotalSeconds * _time.TimestampFrequency);
        var entry = EntryFor(backend);
        long seen;
        do
        {
            seen = Volatile.Read(ref entry.RateLimitedUntil);
            if (seen >= until) return;
        }
        while (Interlocked.CompareExchange(ref entry.RateLimitedUntil, until, seen) != seen);
    }

    /// <summary>Whether the backend's last 429 asked for a pause that has not passed yet.</summary>
    public bool IsRateLimited(string backend) =>
        _entries.TryGetValue(backend, out var e) && Volatile.Read(ref e.RateLimitedUntil) > _time.GetTimestamp();

    /// <summary>Attempts started and not yet finished.</summary>
    public int InFlight(string backend) => _entries.TryGetValue(backend, out var e) ? Volatile.Read(ref e.InFlight) : 0;

    /// <summary>The recent time to first byte in milliseconds, or NaN before the first sample.</summary>
    public double LatencyMs(string backend)
    {
        if (!_entries.TryGetValue(backend, out var e)) return double.NaN;
        lock (e) return e.LatencyMs;
    }

    private Entry EntryFor(string backend) => _entries.GetOrAdd(backend, static _ => new Entry());

    private sealed class Entry
    {
        public int InFlight;
        public double LatencyMs = double.NaN;
        public long RateLimitedUntil;
    }
}
