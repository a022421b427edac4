namespace Louter.Streams.Routing;

/// <summary>
/// A backend's published state as the routing table sees it.
/// <paramref name="Version"/> increases with every change (the entity's sequence number), so a
/// node that hears the same change twice, or out of order, keeps the newest.
/// </summary>
public sealed record BackendStatus(CircuitState Circuit, bool Forced, long Version)
{
    public static readonly BackendStatus Initial = new(CircuitState.Closed, false, 0);

    /// <summary>Health's verdict (the override aside): false while health holds the circuit open or half-open.</summary>
    public bool Up { get; init; } = true;

    /// <summary>While half-open: this node's trial permits for the current half-open period.</summary>
    public ProbePermits? Probes { get; init; }

    /// <summary>Whether routing may consider this backend at all (closed, or half-open with a permit left).</summary>
    public bool Accepts => Circuit switch
    {
        CircuitState.Closed => true,
        CircuitState.HalfOpen => Probes is null || Probes.Available > 0,
        _ => false,
    };

    /// <summary>
    /// Admits one request: always when closed, never when open, and when half-open only while this
    /// node has a trial permit left — taking it. Call it once per candidate actually offered the request.
    /// </summary>
    public bool TryAdmit() => Circuit switch
    {
        CircuitState.Closed => true,
        CircuitState.HalfOpen => Probes is null || Probes.TryTake(),
        _ => false,
    };

    /// <summary>Same published state (the node-local permits aside).</summary>
    public bool Equals(BackendStatus? other) =>
        other is not null && Circuit == other.Circuit && Forced == other.Forced && Version == other.Version && Up == other.Up;

    public override int GetHashCode() => HashCode.Combine(Circuit, Forced, Version, Up);
}
