using Louter.Actors.Serialization;
using Louter.Streams.Routing;

namespace Louter.Actors.Backends;

/// <summary>Every message for a Backend entity names the backend: that is its shard key.</summary>
public interface IBackendMessage : ILouterMessage
{
    string BackendName { get; }
}

// ── Commands ──

/// <summary>Force the circuit open or closed, or hand it back to health tracking (<see cref="ForcedCircuit.None"/>).</summary>
public sealed record ForceCircuit(string BackendName, ForcedCircuit Mode) : IBackendMessage;

/// <summary>
/// One attempt's outcome as a node saw it (the passive health feed; fire and forget). Outcomes that
/// say nothing about health (<see cref="HealthSignal.Ignored"/>) are never sent.
/// </summary>
public sealed record RecordOutcome(string BackendName, HealthSignal Signal) : IBackendMessage;

// ── Queries ──

/// <summary>Answered with <see cref="BackendStateChanged"/>.</summary>
public sealed record GetBackendState(string BackendName) : IBackendMessage;

/// <summary>Answered with <see cref="BackendHealth"/> (the admin API's detail view).</summary>
public sealed record GetBackendHealth(string BackendName) : IBackendMessage;

/// <summary>A backend's health in detail: the circuit, the window's counts, when an open circuit turns half-open.</summary>
public sealed record BackendHealth(
    string BackendName,
    CircuitState Circuit,
    CircuitState HealthCircuit,
    ForcedCircuit Forced,
    bool Up,
    DateTimeOffset? OpenUntil,
    int Trip,
    int RequestsInWindow,
    int FailuresInWindow,
    int RateLimitedInWindow,
    int ConsecutiveFailures,
    string? Reason,
    DateTimeOffset? LastHealthCheck,
    bool? LastHealthCheckOk,
    long Version) : IBackendMessage;

// ── Published state (also the reply to commands and queries) ──

/// <summary>
/// A backend's current state, published to every node's routing table on each change.
/// <paramref name="Circuit"/> is the effective circuit (override applied); <paramref name="Up"/> is
/// health's verdict; <paramref name="HalfOpenProbes"/> is how many trial requests each node may send
/// while the circuit is half-open.
/// </summary>
public sealed record BackendStateChanged(
    string BackendName,
    CircuitState Circuit,
    ForcedCircuit Forced,
    long Version,
    bool Up = true,
    DateTimeOffset? OpenUntil = null,
    int HalfOpenProbes = 1) : IBackendMessage
{
    /// <summary>A new status for this node's routing table, with this node's own trial permits.</summary>
    public BackendStatus ToStatus() => new(Circuit, Forced != ForcedCircuit.None, Version)
    {
        Up = Up,
        Probes = Circuit == CircuitState.HalfOpen ? new ProbePermits(HalfOpenProbes) : null,
    };
}
