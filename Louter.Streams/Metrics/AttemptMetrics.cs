using Louter.Streams.Errors;
using Louter.Streams.Routing;

namespace Louter.Streams.Metrics;

/// <summary>Counts attempts per backend and outcome (<c>louter_upstream_attempts_total</c>).</summary>
public sealed class AttemptMetrics : IAttemptObserver
{
    public void Started(string backend)
    {
        // counted when the outcome is known
    }

    public void Finished(string backend, UpstreamOutcome outcome, TimeSpan elapsed, TimeSpan? timeToFirstByte) =>
        LouterMetrics.UpstreamAttempts.WithLabels(backend, Label(outcome)).Inc();

    /// <summary>snake_case outcome names for the label.</summary>
    public static string Label(UpstreamOutcome outcome) => outcome switch
    {
        UpstreamOutcome.Success => "success",
        UpstreamOutcome.ClientError => "client_error",
        UpstreamOutcome.AuthFailure => "auth_failure",
        UpstreamOutcome.RateLimited => "rate_limited",
        UpstreamOutcome.Overloaded => "overloaded",
        UpstreamOutcome.ServerError => "server_error",
        UpstreamOutcome.ConnectFailed => "connect_failed",
        UpstreamOutcome.Timeout => "timeout",
        UpstreamOutcome.IdleTimeout => "idle_timeout",
        UpstreamOutcome.ProtocolError => "protocol_error",
        UpstreamOutcome.ClientCancelled => "client_cancelled",
        _ => "none",
    };
}
