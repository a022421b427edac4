using Louter.Actors.Serialization;

namespace Louter.Actors.Backends;

/// <summary>Events a Backend entity persists.</summary>
public interface IBackendEvent : ILouterMessage;

/// <summary>An operator forced the circuit (or released it, with <see cref="ForcedCircuit.None"/>).</summary>
public sealed record CircuitForced(ForcedCircuit Mode) : IBackendEvent;
