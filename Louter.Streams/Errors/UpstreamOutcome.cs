namespace Louter.Streams.Errors;

/// <summary>
/// How one attempt against a backend ended, as data for health tracking and metrics.
/// A 429 is back-pressure, not ill health, and is kept apart from failures.
/// </summary>
public enum UpstreamOutcome
{
    /// <summary>No attempt was made (the request failed before routing, or was served locally).</summary>
    None,
    Success,
    /// <summary>The upstream rejected the request as the client's fault (4xx other than 401/403/429).</summary>
    ClientError,
    /// <summary>The upstream rejected Louter's own credentials (401/403).</summary>
    AuthFailure,
    RateLimited,
    /// <summary>503 or 529: the upstream is at capacity.</summary>
    Overloaded,
    ServerError,
    ConnectFailed,
    Timeout,
    /// <summary>The upstream went silent mid-stream for longer than idle_timeout.</summary>
    IdleTimeout,
    /// <summary>The upstream sent something that is not its protocol, or ended a stream early.</summary>
    ProtocolError,
    /// <summary>The client went away; the upstream request was cancelled.</summary>
    ClientCancelled,
}
