namespace Louter.Streams.Routing.Balancing;

/// <summary>The load-balancing policies by config name (load_balancing).</summary>
public static class LoadBalancingPolicies
{
    public const string RoundRobin = "round-robin";
    public const string Weighted = "weighted";
    public const string LeastConnections = "least-connections";
    public const string Latency = "latency";

    public static readonly IReadOnlyList<string> Names = [RoundRobin, Weighted, LeastConnections, Latency];

    /// <param name="name">One of <see cref="Names"/>.</param>
    /// <param name="load">In-flight counts and latencies, fed by the attempt observer.</param>
    /// <param name="random">Uniform in [0, 1); injected so tests are repeatable (production: Random.Shared.NextDouble).</param>
    public static ILoadBalancingPolicy Create(string name, BackendLoad load, Func<double> random) => name switch
    {
        RoundRobin => new RoundRobinPolicy(),
        Weighted => new WeightedPolicy(random),
        LeastConnections => new LeastConnectionsPolicy(load),
        Latency => new LatencyPolicy(load, random),
        _ => throw new ArgumentException($"Unknown load-balancing policy \"{name}\"; expected one of: {string.Join(", ", Names)}.", nameof(name)),
    };
}
