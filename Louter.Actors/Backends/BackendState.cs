using Louter.Actors.Serialization;
using Louter.Streams.Routing;

namespace Louter.Actors.Backends;

/// <summary>
/// A backend's state: pure <see cref="Decide"/> (command → events) and <see cref="Apply"/>
/// (event → state), tested without Akka. <see cref="Version"/> counts applied events, so it equals
/// the entity's sequence number and only grows, across restarts too.
/// </summary>
public sealed record BackendState(string Name, CircuitState Circuit, ForcedCircuit Forced, long Version) : ILouterMessage
{
    public static BackendState Initial(string name) => new(name, CircuitState.Closed, ForcedCircuit.None, 0);

    /// <summary>The circuit routing should obey: an override wins over health.</summary>
    public CircuitState Effective => Forced switch
    {
        ForcedCircuit.Open => CircuitState.Open,
        ForcedCircuit.Closed => CircuitState.Closed,
        _ => Circuit,
    };

    public IReadOnlyList<IBackendEvent> Decide(ForceCircuit command) =>
        command.Mode == Forced ? [] : [new CircuitForced(command.Mode)];

    public BackendState Apply(IBackendEvent e) => e switch
    {
        CircuitForced f => this with { Forced = f.Mode, Version = Version + 1 },
        _ => this with { Version = Version + 1 },
    };

    public BackendStateChanged Published() => new(Name, Effective, Forced, Version);
}
