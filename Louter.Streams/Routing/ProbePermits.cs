namespace Louter.Streams.Routing;

/// <summary>
/// The trial requests one node may send to a half-open backend during one half-open period.
/// Node-local and lock-free: every node gets its own permits with each published half-open
/// state, so a cluster of N nodes sends at most N × half_open_probes trial requests per period.
/// </summary>
public sealed class ProbePermits(int count)
{
    private readonly int _count = Math.Max(1, count);
    private int _taken;

    /// <summary>Takes a permit; false when all are taken.</summary>
    public bool TryTake()
    {
        while (true)
        {
            var taken = Volatile.Read(ref _taken);
            if (taken >= _count) return false;
            if (Interlocked.CompareExchange(ref _taken, taken + 1, taken) == taken) return true;
        }
    }

    /// <summary>Gives a permit back: its request ended without telling anything about health (e.g. the client went away).</summary>
    public void Return()
    {
        while (true)
        {
            var taken = Volatile.Read(ref _taken);
            if (taken <= 0) return;
            if (Interlocked.CompareExchange(ref _taken, taken - 1, taken) == taken) return;
        }
    }

    public int Available => _count - Volatile.Read(ref _taken);
}
