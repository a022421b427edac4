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

// ── Queries ──

/// <summary>Answered with <see cref="BackendStateChanged"/>.</summary>
public sealed record GetBackendState(string BackendName) : IBackendMessage;

// ── Published state (also the reply to commands and queries) ──

/// <summary>A backend's current state, published to every node's routing table on each change.</summary>
public sealed record BackendStateChanged(string BackendName, CircuitState Circuit, ForcedCircuit Forced, long Version) : IBackendMessage
{
    public BackendStatus ToStatus() => new(Circuit, Forced != ForcedCircuit.None, Version);
}
