using Louter.Streams.Errors;

namespace Louter.Streams.Routing;

/// <summary>
/// Ordered candidates for a request, or why there are none. The order is the failover order:
/// the first candidate is tried first, the next one when it fails before the first byte.
/// </summary>
public sealed record RouteResult(IReadOnlyList<RouteCandidate> Candidates, GatewayError? Error)
{
    public static RouteResult Ok(IReadOnlyList<RouteCandidate> candidates) => new(candidates, null);
    public static RouteResult Fail(GatewayError error) => new([], error);

    /// <summary>The strategy that decided ("content-based", "model", "priority").</summary>
    public string Mode { get; init; } = "";

    /// <summary>How it ended, as counted in louter_routing_decisions_total (see <see cref="RouteOutcomes"/>).</summary>
    public string Outcome { get; init; } = RouteOutcomes.Routed;

    /// <summary>Why these candidates in this order, for the debug log.</summary>
    public string Reason { get; init; } = "";
}
