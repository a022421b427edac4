namespace Louter.Streams.Routing.Balancing;

/// <summary>Fewest requests in flight first; equal counts keep config order.</summary>
internal sealed class LeastConnectionsPolicy(BackendLoad load) : ILoadBalancingPolicy
{
    public string Name => LoadBalancingPolicies.LeastConnections;

    public void Order(List<RouteCandidate> candidates, int start, int count)
    {
        // Insertion sort: groups are a handful of backends, and it is stable (ties stay in config order).
        var inFlight = new int[count];
        for (var i = 0; i < count; i++) inFlight[i] = load.InFlight(candidates[start + i].Backend.Name);
        StableSort.By(candidates, start, count, inFlight);
    }
}
