using Louter.Streams.Errors;
using Louter.Streams.Routing.Balancing;

namespace Louter.Streams.Routing.Strategies;

/// <summary>strategy = "priority": every backend that serves the model name, lowest priority number first, then config order.</summary>
internal sealed class PriorityStrategy : IRoutingStrategy
{
    public string Name => RoutingStrategies.Priority;

    public (GatewayError Error, string Outcome)? Filter(List<RouteCandidate> candidates, RouteContext context) => null;

    public bool Admits(BackendDescriptor backend, RouteContext context) => true;

    public void Order(List<RouteCandidate> candidates, RouteContext context, ILoadBalancingPolicy balancer)
    {
        var keys = candidates.Select(c => c.Backend.Priority).ToArray();
        StableSort.By(candidates, 0, candidates.Count, keys);
        context.Notes.Add("by priority");
    }
}
