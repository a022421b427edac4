namespace Louter.Streams.Routing.Balancing;

/// <summary>
/// Lowest recent time to first byte first (the EWMA in <see cref="BackendLoad"/>). A backend not
/// measured yet goes first, so it gets measured. With probability <see cref="Exploration"/> a
/// random candidate goes first instead: a backend that was slow or failing is tried again now and
/// then, so its average can recover once it has.
/// </summary>
internal sealed class LatencyPolicy(BackendLoad load, Func<double> random) : ILoadBalancingPolicy
{
    public const double Exploration = 0.05;

    public string Name => LoadBalancingPolicies.Latency;

    public void Order(List<RouteCandidate> candidates, int start, int count)
    {
        var latency = new double[count];
        for (var i = 0; i < count; i++)
        {
            var ms = load.LatencyMs(candidates[start + i].Backend.Name);
            latency[i] = double.IsNaN(ms) ? -1 : ms;
        }

        StableSort.By(candidates, start, count, latency);

        if (random() < Exploration)
        {
            var pick = start + Math.Min((int)(random() * count), count - 1);
            var chosen = candidates[pick];
            candidates.RemoveAt(pick);
            candidates.Insert(start, chosen);
        }
    }
}
