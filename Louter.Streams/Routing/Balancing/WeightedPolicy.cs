namespace Louter.Streams.Routing.Balancing;

/// <summary>
/// Random in proportion to each backend's weight: a backend with weight 3 goes first three times
/// as often as one with weight 1. The failover order is drawn the same way from those left.
/// </summary>
internal sealed class WeightedPolicy(Func<double> random) : ILoadBalancingPolicy
{
    public string Name => LoadBalancingPolicies.Weighted;

    public void Order(List<RouteCandidate> candidates, int start, int count)
    {
        var end = start + count;
        for (var i = start; i < end - 1; i++)
        {
            var total = 0.0;
            for (var j = i; j < end; j++) total += candidates[j].Backend.Weight;

            var point = random() * total;
            var pick = end - 1;
            for (var j = i; j < end; j++)
            {
                point -= candidates[j].Backend.Weight;
                if (point < 0)
                {
                    pick = j;
                    break;
                }
            }

            // Move the pick to i, keeping the others in config order.
            var chosen = candidates[pick];
            candidates.RemoveAt(pick);
            candidates.Insert(i, chosen);
        }
    }
}
