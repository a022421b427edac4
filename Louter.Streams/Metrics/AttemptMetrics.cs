using System.Collections.Concurrent;
using Louter.Streams.Errors;
using Louter.Streams.Routing;
using Prometheus;

namespace Louter.Streams.Metrics;

/// <summary>
/// Counts attempts per backend and outcome (<c>louter_backend_requests_total</c>) and retries per
/// backend (<c>louter_retries_total</c>). The labelled children are cached: both sets are small
/// (configured backends × outcomes), and WithLabels allocates its label array on every call.
/// </summary>
public sealed class AttemptMetrics : IAttemptObserver
{
    private static readonly ConcurrentDictionary<(string Backend, UpstreamOutcome Outcome), Counter.Child> Attempts = new();
    private static readonly ConcurrentDictionary<string, Counter.Child> RetriesByBackend = new(StringComparer.Ordinal);

    public void Started(string backend)
    {
        // counted when the outcome is known
    }

    public void Finished(string backend, UpstreamOutcome outcome, TimeSpan elapsed, TimeSpan? timeToFirstByte) =>
        Attempts.GetOrAdd((backend, outcome), static key => LouterMetrics.BackendRequests.WithLabels(key.Backend, Label(key.Outcome))).Inc();

    /// <summary>An attempt after the request's first, on <paramref name="backend"/>.</summary>
    public static void Retried(string backend) =>
        RetriesByBackend.GetOrAdd(backend, static name => LouterMetrics.Retries.WithLabels(name)).Inc();

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
