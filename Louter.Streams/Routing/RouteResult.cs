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

/// <summary>The outcome label values of louter_routing_decisions_total.</summary>
public static class RouteOutcomes
{
    /// <summary>A candidate that serves the model and covers the request was chosen.</summary>
    public const string Routed = "routed";

    /// <summary>Every primary candidate's circuit is open: a configured fallback backend was chosen.</summary>
    public const string Fallback = "fallback";

    /// <summary>No backend serves the model name.</summary>
    public const string ModelNotFound = "model_not_found";

    /// <summary>Backends serve the model, but none covers what the request contains (400).</summary>
    public const string NoCapability = "no_capability";

    /// <summary>The request's estimated input exceeds every candidate's context_window (400).</summary>
    public const string ContextExceeded = "context_exceeded";

    /// <summary>Candidates exist but every circuit is open (503).</summary>
    public const string Unavailable = "unavailable";

    /// <summary>The node has not heard every backend's state yet (503).</summary>
    public const string Starting = "starting";
}
