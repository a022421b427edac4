namespace Louter.Streams.Routing.Balancing;

/// <summary>
/// Orders a group of equally good candidates (same priority, same preference). The first one is
/// tried first; the rest are the failover order, so a policy orders the whole group, not only its pick.
/// </summary>
public interface ILoadBalancingPolicy
{
    /// <summary>The config name (load_balancing = "...").</summary>
    string Name { get; }

    /// <summary>Reorders <paramref name="candidates"/>[<paramref name="start"/> .. +<paramref name="count"/>), given in config order.</summary>
    void Order(List<RouteCandidate> candidates, int start, int count);
}
