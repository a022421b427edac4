namespace Louter.Streams.Routing;

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
