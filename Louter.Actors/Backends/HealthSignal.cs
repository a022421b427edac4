using Louter.Streams.Errors;

namespace Louter.Actors.Backends;

/// <summary>What one attempt's outcome says about a backend's health.</summary>
public enum HealthSignal
{
    /// <summary>Says nothing (the client went away, nothing was sent).</summary>
    Ignored,
    /// <summary>The backend answered as a working server (2xx, or a 4xx that is the request's fault).</summary>
    Healthy,
    /// <summary>The backend failed: 5xx, 503/529, timeout, stalled stream, broken protocol, rejected credentials.</summary>
    Failure,
    /// <summary>The connection was refused or could not be made: opens the circuit at once.</summary>
    Unreachable,
    /// <summary>429: back-pressure, counted apart; neither healthy nor a failure.</summary>
    RateLimited,
}

/// <summary>The one mapping from <see cref="UpstreamOutcome"/> to <see cref="HealthSignal"/>.</summary>
public static class HealthSignals
{
    public static HealthSignal From(UpstreamOutcome outcome) => outcome switch
    {
        UpstreamOutcome.Success or UpstreamOutcome.ClientError => HealthSignal.Healthy,
        UpstreamOutcome.RateLimited => HealthSignal.RateLimited,
        UpstreamOutcome.ConnectFailed => HealthSignal.Unreachable,
        // AuthFailure: every request with this key fails the same way, so the backend cannot serve
        // anyone until an operator fixes the key — skipping it lets failover answer instead.
        // ProtocolError and IdleTimeout: the backend accepted the request and then broke it.
        UpstreamOutcome.ServerError or UpstreamOutcome.Overloaded or UpstreamOutcome.Timeout
            or UpstreamOutcome.IdleTimeout or UpstreamOutcome.ProtocolError or UpstreamOutcome.AuthFailure => HealthSignal.Failure,
        _ => HealthSignal.Ignored,
    };
}
