using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Louter.Streams.Routing.Balancing;

/// <summary>
/// Takes turns: each decision rotates the group by one. One counter per group, keyed by the group's
/// first backend in config order (groups differ by model and needs; this keeps each fair without
/// building a key per request).
/// </summary>
internal sealed class RoundRobinPolicy : ILoadBalancingPolicy
{
    private readonly ConcurrentDictionary<string, StrongBox<long>> _counters = new(StringComparer.Ordinal);

    public string Name => LoadBalancingPolicies.RoundRobin;

    public void Order(List<RouteCandidate> candidates, int start, int count)
    {
        var counter = _counters.GetOrAdd(candidates[start].Backend.Name, static _ => new StrongBox<long>(-1));
        var shift = (int)((ulong)Interlocked.Increment(ref counter.Value) % (ulong)count);
        if (shift == 0) return;
        candidates.Reverse(start, shift);
        candidates.Reverse(start + shift, count - shift);
        candidates.Reverse(start, count);
    }
}
