namespace Louter.Streams.Routing;

/// <summary>Where the request path reads the current routing table from (lock-free).</summary>
public interface IRoutingTableSource
{
    RoutingTable Current { get; }
}
