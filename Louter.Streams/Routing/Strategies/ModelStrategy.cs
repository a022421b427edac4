using Louter.Streams.Errors;
using Louter.Streams.Routing.Balancing;

namespace Louter.Streams.Routing.Strategies;

/// <summary>strategy = "model": every backend that serves the model name, balanced as one group.</summary>
internal sealed class ModelStrategy : IRoutingStrategy
{
    public string Name => RoutingStrategies.Model;

    public (GatewayError Error, string Outcome)? Filter(List<RouteCandidate> candidates, RouteContext context) => null;

    public bool Admits(BackendDescriptor backend, RouteContext context) => true;

    public void Order(List<RouteCandidate> candidates, RouteContext context, ILoadBalancingPolicy balancer)
    {
        if (candidates.Count > 1) balancer.Order(candidates, 0, candidates.Count);
        context.Notes.Add(balancer.Name);
    }
}
