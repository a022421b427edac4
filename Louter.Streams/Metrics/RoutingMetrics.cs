using Louter.Streams.Classification;
using Louter.Streams.Routing;

namespace Louter.Streams.Metrics;

/// <summary>Counts routing decisions (<c>louter_routing_decisions_total</c>).</summary>
public static class RoutingMetrics
{
    /// <summary>One decision: the first candidate (or "none"), the strategy, the request's capabilities ("text+vision"), the outcome.</summary>
    public static void Count(RouteResult result, RequestNeeds needs) =>
        LouterMetrics.RoutingDecisions.WithLabels(
            result.Candidates.Count > 0 ? result.Candidates[0].Backend.Name : "none",
            result.Mode,
            Capabilities.Label(needs),
            result.Outcome).Inc();
}
