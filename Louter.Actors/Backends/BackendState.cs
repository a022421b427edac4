using Louter.Actors.Serialization;
using Louter.Streams.Routing;

namespace Louter.Actors.Backends;

/// <summary>
/// A backend's persisted state: the operator override and the health circuit, with pure
/// <c>Decide</c> methods (input → events) and <see cref="Apply"/> (event → state), tested without
/// Akka. Time is always passed in. <see cref="Version"/> counts applied events, so it equals the
/// entity's sequence number and only grows, across restarts too.
/// <code>
///   closed ──(failure_threshold in a row | failure rate ≥ failure_rate over ≥ minimum_requests
///             | connection refused | health check failed)──▶ open
///   open ──(open duration over: open_duration × 2^(trip-1), capped)──▶ half-open
///   half-open ──(trial request or health check succeeds)──▶ closed
///   half-open ──(trial request or health check fails)──▶ open, trip + 1
///   open ──(health check succeeds)──▶ closed
/// </code>
/// </summary>
/// <param name="Circuit">The circuit as health sets it; <see cref="Effective"/> applies the override.</param>
/// <param name="Trip">Trips in a row since the circuit was last closed (0 when closed).</param>
/// <param name="OpenUntil">While open: when it turns half-open.</param>
/// <param name="Reason">Why the circuit last moved.</param>
public sealed record BackendState(
    string Name,
    CircuitState Circuit,
    ForcedCircuit Forced,
    long Version,
    int Trip = 0,
    DateTimeOffset? OpenUntil = null,
    string? Reason = null) : ILouterMessage
{
    public static BackendState Initial(string name) => new(name, CircuitState.Closed, ForcedCircuit.None, 0);

    /// <summary>The circuit routing should obey: an override wins over health.</summary>
    public CircuitState Effective => Forced switch
    {
        ForcedCircuit.Open => CircuitState.Open,
        ForcedCircuit.Closed => CircuitState.Closed,
        _ => Circuit,
    };

    /// <summary>Whether health says the backend works (the override does not change this).</summary>
    public bool Up => Circuit == CircuitState.Closed;

    public IReadOnlyList<IBackendEvent> Decide(ForceCircuit command) =>
        command.Mode == Forced ? [] : [new CircuitForced(command.Mode)];

    /// <summary>An attempt's outcome, after it was recorded in <paramref name="counts"/>.</summary>
    public IReadOnlyList<IBackendEvent> Decide(HealthSignal signal, HealthCounts counts, DateTimeOffset now, CircuitPolicy policy)
    {
        if (signal is HealthSignal.Ignored or HealthSignal.RateLimited) return [];
        var failed = signal is HealthSignal.Failure or HealthSignal.Unreachable;
        return Circuit switch
        {
            CircuitState.HalfOpen => failed
                ? [Open(now, policy, Trip + 1, signal == HealthSignal.Unreachable ? "trial request: connection refused" : "trial request failed")]
                : [new CircuitClosed("trial request succeeded")],
            CircuitState.Closed when signal == HealthSignal.Unreachable =>
                [Open(now, policy, 1, "connection refused")],
            CircuitState.Closed when failed && counts.ConsecutiveFailures >= policy.FailureThreshold =>
                [Open(now, policy, 1, $"{counts.ConsecutiveFailures} consecutive failures")],
            CircuitState.Closed when failed && counts.Requests >= policy.MinimumRequests && counts.FailureRate >= policy.FailureRate =>
                [Open(now, policy, 1, $"{counts.Failures} of {counts.Requests} requests failed in {DurationText(policy.Window)}")],
            // Open: outcomes of requests sent before it opened change nothing.
            _ => [],
        };
    }

    /// <summary>The open timer fired: half-open if the open duration is over.</summary>
    public IReadOnlyList<IBackendEvent> DecideOpenElapsed(DateTimeOffset now) =>
        Circuit == CircuitState.Open && OpenUntil is { } until && now >= until
            ? [new CircuitHalfOpened("open duration over")]
            : [];

    /// <summary>
    /// A half-open period that began at <paramref name="version"/> produced no verdict (its trial
    /// permits were taken by requests that went elsewhere, or nobody asked): grant fresh permits.
    /// </summary>
    public IReadOnlyList<IBackendEvent> DecideHalfOpenStalled(long version) =>
        Circuit == CircuitState.HalfOpen && Version == version
            ? [new CircuitHalfOpened("no trial request finished; admitting trial requests again")]
            : [];

    /// <summary>An active health check's result: it marks the backend down or up on its own.</summary>
    public IReadOnlyList<IBackendEvent> DecideHealthCheck(bool ok, string detail, DateTimeOffset now, CircuitPolicy policy) => (Circuit, ok) switch
    {
        (CircuitState.Closed, false) => [Open(now, policy, 1, "health check failed: " + detail)],
        (CircuitState.HalfOpen, false) => [Open(now, policy, Trip + 1, "health check failed: " + detail)],
        (CircuitState.Open or CircuitState.HalfOpen, true) => [new CircuitClosed("health check passed")],
        _ => [],
    };

    public BackendState Apply(IBackendEvent e) => e switch
    {
        CircuitForced f => this with { Forced = f.Mode, Version = Version + 1 },
        CircuitOpened o => this with { Circuit = CircuitState.Open, Trip = o.Trip, OpenUntil = o.Until, Reason = o.Reason, Version = Version + 1 },
        CircuitHalfOpened h => this with { Circuit = CircuitState.HalfOpen, OpenUntil = null, Reason = h.Reason, Version = Version + 1 },
        CircuitClosed c => this with { Circuit = CircuitState.Closed, Trip = 0, OpenUntil = null, Reason = c.Reason, Version = Version + 1 },
        _ => this with { Version = Version + 1 },
    };

    /// <param name="halfOpenProbes">Trial requests each node may send while half-open.</param>
    public BackendStateChanged Published(int halfOpenProbes = 1) =>
        new(Name, Effective, Forced, Version, Up, Forced == ForcedCircuit.None ? OpenUntil : null, halfOpenProbes);

    private static CircuitOpened Open(DateTimeOffset now, CircuitPolicy policy, int trip, string reason) =>
        new(now + policy.OpenDurationFor(trip), trip, reason);

    private static string DurationText(TimeSpan t) => t.TotalSeconds >= 1 && t.Milliseconds == 0 ? $"{t.TotalSeconds:0}s" : $"{t.TotalMilliseconds:0}ms";
}
