using Louter.Actors.Serialization;

namespace Louter.Actors.Backends;

/// <summary>Events a Backend entity persists: operator overrides and circuit transitions (not individual outcomes).</summary>
public interface IBackendEvent : ILouterMessage;

/// <summary>An operator forced the circuit (or released it, with <see cref="ForcedCircuit.None"/>).</summary>
public sealed record CircuitForced(ForcedCircuit Mode) : IBackendEvent;

/// <summary>
/// Health opened the circuit until <paramref name="Until"/>. <paramref name="Trip"/> counts trips in a
/// row (1 = from closed), which sets the growing open duration.
/// </summary>
public sealed record CircuitOpened(DateTimeOffset Until, int Trip, string Reason) : IBackendEvent;

/// <summary>The open duration ran out: the circuit admits trial requests (again, when a half-open period passed without a verdict).</summary>
public sealed record CircuitHalfOpened(string Reason) : IBackendEvent;

/// <summary>A trial request or a health check succeeded: the circuit is closed.</summary>
public sealed record CircuitClosed(string Reason) : IBackendEvent;
