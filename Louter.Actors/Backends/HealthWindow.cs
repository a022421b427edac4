namespace Louter.Actors.Backends;

/// <summary>
/// A backend's recent outcomes: a sliding window of <see cref="Buckets"/> time buckets and the
/// current run of consecutive failures. Held in the entity's memory only (a restart starts
/// afresh); time is passed in, so tests drive it with virtual time.
/// </summary>
public sealed class HealthWindow
{
    public const int Buckets = 20;

    private readonly long _bucketTicks;
    private readonly long[] _index = new long[Buckets];
    private readonly int[] _requests = new int[Buckets];
    private readonly int[] _failures = new int[Buckets];
    private readonly int[] _rateLimited = new int[Buckets];

    public HealthWindow(TimeSpan window)
    {
        _bucketTicks = Math.Max(1, window.Ticks / Buckets);
        Array.Fill(_index, long.MinValue);
    }

    /// <summary>Failures since the last healthy answer.</summary>
    public int ConsecutiveFailures { get; private set; }

    public void Record(HealthSignal signal, DateTimeOffset now)
    {
        if (signal == HealthSignal.Ignored) return;
        var slot = Slot(now);
        switch (signal)
        {
            case HealthSignal.Healthy:
                _requests[slot]++;
                ConsecutiveFailures = 0;
                break;
            case HealthSignal.Failure or HealthSignal.Unreachable:
                _requests[slot]++;
                _failures[slot]++;
                ConsecutiveFailures++;
                break;
            case HealthSignal.RateLimited:
                _rateLimited[slot]++;
                break;
        }
    }

    /// <summary>Forget everything (the circuit closed or opened: a new period starts).</summary>
    public void Reset()
    {
        Array.Fill(_index, long.MinValue);
        ConsecutiveFailures = 0;
    }

    public HealthCounts Counts(DateTimeOffset now)
    {
        var current = now.UtcTicks / _bucketTicks;
        int requests = 0, failures = 0, rateLimited = 0;
        for (var i = 0; i < Buckets; i++)
        {
            if (_index[i] <= current - Buckets || _index[i] > current) continue;
            requests += _requests[i];
            failures += _failures[i];
            rateLimited += _rateLimited[i];
        }
        return new HealthCounts(requests, failures, rateLimited, ConsecutiveFailures);
    }

    private int Slot(DateTimeOffset now)
    {
        var index = now.UtcTicks / _bucketTicks;
        var slot = (int)(index % Buckets);
        if (_index[slot] != index)
        {
            _index[slot] = index;
            _requests[slot] = _failures[slot] = _rateLimited[slot] = 0;
        }
        return slot;
    }
}

/// <summary>What the window holds: requests (healthy + failed, 429s not included), failures, 429s, and the current failure run.</summary>
public readonly record struct HealthCounts(int Requests, int Failures, int RateLimited, int ConsecutiveFailures)
{
    public double FailureRate => Requests == 0 ? 0 : (double)Failures / Requests;
}
