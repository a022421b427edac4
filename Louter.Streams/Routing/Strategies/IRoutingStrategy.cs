using Louter.Streams.Errors;
using Louter.Streams.Routing.Balancing;

namespace Louter.Streams.Routing.Strategies;

/// <summary>
/// How candidates that serve the model are narrowed and ordered. <see cref="Router"/> does the
/// rest the same way for every strategy: model lookup, health, fallback chains, errors, metrics.
/// </summary>
public interface IRoutingStrategy
{
    /// <summary>The config name ([routing] strategy = "...").</summary>
    string Name { get; }

    /// <summary>Removes the candidates that cannot serve the request; returns why, when none is left.</summary>
    (GatewayError Error, string Outcome)? Filter(List<RouteCandidate> candidates, RouteContext context);

    /// <summary>Whether a backend reached through a fallback chain may serve the request.</summary>
    bool Admits(BackendDescriptor backend, RouteContext context);

    /// <summary>Orders the healthy candidates (given in config order): the first is tried first.</summary>
    void Order(List<RouteCandidate> candidates, RouteContext context, ILoadBalancingPolicy balancer);
}
