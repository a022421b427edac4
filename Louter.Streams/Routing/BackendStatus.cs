namespace Louter.Streams.Routing;

/// <summary>
/// A backend's published state as the routing table sees it.
/// <paramref name="Version"/> increases with every change (the entity's sequence number), so a
/// node that hears the same change twice, or out of order, keeps the newest.
/// </summary>
public sealed record BackendStatus(CircuitState Circuit, bool Forced, long Version)
{
    public static readonly BackendStatus Initial = new(CircuitState.Closed, false, 0);

    /// <summary>Whether routing may send requests to this backend.</summary>
    public bool Accepts => Circuit != CircuitState.Open;
}
