using Louter.Streams.Errors;
using Louter.Streams.Routing;
using Louter.Streams.Routing.Balancing;
using Xunit;

namespace Louter.Tests.Streams.Routing.Balancing;

public sealed class LoadBalancingPolicyTests
{
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);

    private static List<RouteCandidate> Group(params (string Name, double Weight)[] backends) =>
        [.. backends.Select((b, i) => new RouteCandidate(new BackendDescriptor { Name = b.Name, Weight = b.Weight, Order = i }, "m"))];

    private static List<RouteCandidate> Group(params string[] names) => Group([.. names.Select(n => (n, 1.0))]);

    private static string Ordered(ILoadBalancingPolicy policy, List<RouteCandidate> group)
    {
        policy.Order(group, 0, group.Count);
        return string.Join(">", group.Select(c => c.Backend.Name));
    }

    /// <summary>Returns the given values in turn, then repeats the last.</summary>
    private static Func<double> Sequence(params double[] values)
    {
        var i = 0;
        return () => values[Math.Min(i++, values.Length - 1)];
    }

    [Fact]
    public void Create_UnknownName_Throws() =>
        Assert.Throws<ArgumentException>(() => LoadBalancingPolicies.Create("random", new BackendLoad(), static () => 0));

    [Theory]
    [InlineData("round-robin")]
    [InlineData("weighted")]
    [InlineData("least-connections")]
    [InlineData("latency")]
    public void Create_EveryName_GivesThePolicyOfThatName(string name) =>
        Assert.Equal(name, LoadBalancingPolicies.Create(name, new BackendLoad(), static () => 0.5).Name);

    [Fact]
    public void RoundRobin_RotatesTheWholeGroup()
    {
        var policy = LoadBalancingPolicies.Create(LoadBalancingPolicies.RoundRobin, new BackendLoad(), static () => 0);

        Assert.Equal("a>b>c", Ordered(policy, Group("a", "b", "c")));
        Assert.Equal("b>c>a", Ordered(policy, Group("a", "b", "c")));
        Assert.Equal("c>a>b", Ordered(policy, Group("a", "b", "c")));
        Assert.Equal("a>b>c", Ordered(policy, Group("a", "b", "c")));
    }

    [Fact]
    public void RoundRobin_OnlyTheRangeMoves()
    {
        var policy = LoadBalancingPolicies.Create(LoadBalancingPolicies.RoundRobin, new BackendLoad(), static () => 0);
        var list = Group("first", "a", "b", "last");
        policy.Order(list, 1, 2);
        policy.Order(list = Group("first", "a", "b", "last"), 1, 2);

        Assert.Equal(["first", "b", "a", "last"], list.Select(c => c.Backend.Name));
    }

    [Theory]
    [InlineData(0.0, "heavy>light")]
    [InlineData(0.74, "heavy>light")]
    [InlineData(0.76, "light>heavy")]
    [InlineData(0.99, "light>heavy")]
    public void Weighted_DrawsInProportionToWeight(double draw, string expected)
    {
        var policy = LoadBalancingPolicies.Create(LoadBalancingPolicies.Weighted, new BackendLoad(), () => draw);

        Assert.Equal(expected, Ordered(policy, Group(("heavy", 3.0), ("light", 1.0))));
    }

    [Fact]
    public void Weighted_OverManyDecisions_ShareFollowsWeights()
    {
        var random = new Random(42);
        var policy = LoadBalancingPolicies.Create(LoadBalancingPolicies.Weighted, new BackendLoad(), random.NextDouble);

        var firsts = Enumerable.Range(0, 4000).Select(_ =>
        {
            var group = Group(("a", 1.0), ("b", 2.0), ("c", 1.0));
            policy.Order(group, 0, group.Count);
            return group[0].Backend.Name;
        }).GroupBy(n => n).ToDictionary(g => g.Key, g => g.Count());

        Assert.InRange(firsts["b"], 1800, 2200);
        Assert.InRange(firsts["a"], 850, 1150);
        Assert.InRange(firsts["c"], 850, 1150);
    }

    [Fact]
    public void Weighted_FailoverOrderIsDrawnFromThoseLeft()
    {
        // First draw 0.9 of 6 → "c" (weights 1, 2, 3); second 0.0 of 3 → "a".
        var policy = LoadBalancingPolicies.Create(LoadBalancingPolicies.Weighted, new BackendLoad(), Sequence(0.9, 0.0));

        Assert.Equal("c>a>b", Ordered(policy, Group(("a", 1.0), ("b", 2.0), ("c", 3.0))));
    }

    [Fact]
    public void LeastConnections_FewestInFlightFirst_TiesInConfigOrder()
    {
        var load = new BackendLoad();
        var policy = LoadBalancingPolicies.Create(LoadBalancingPolicies.LeastConnections, load, static () => 0);
        load.Started("a");
        load.Started("a");
        load.Started("b");

        Assert.Equal("c>d>b>a", Ordered(policy, Group("a", "b", "c", "d")));

        load.Finished("a", UpstreamOutcome.Success, Ms, Ms);
        load.Finished("a", UpstreamOutcome.ServerError, Ms, Ms);

        Assert.Equal("a>c>d>b", Ordered(policy, Group("a", "b", "c", "d")));
        Assert.Equal(0, load.InFlight("a"));
    }

    [Fact]
    public void Latency_LowestRecentTimeToFirstByteFirst_UnmeasuredBeforeAll()
    {
        var load = new BackendLoad();
        var policy = LoadBalancingPolicies.Create(LoadBalancingPolicies.Latency, load, static () => 0.5);
        Report(load, "slow", 300);
        Report(load, "fast", 100);

        Assert.Equal("new>fast>slow", Ordered(policy, Group("slow", "fast", "new")));
    }

    [Fact]
    public void Latency_Exploration_PutsARandomCandidateFirst()
    {
        var load = new BackendLoad();
        Report(load, "slow", 900);
        Report(load, "fast", 100);
        // 0.01 < exploration rate: explore; 0.99 picks the last of the sorted group, the slow one.
        var policy = LoadBalancingPolicies.Create(LoadBalancingPolicies.Latency, load, Sequence(0.01, 0.99));

        Assert.Equal("slow>fast", Ordered(policy, Group("slow", "fast")));
    }

    [Fact]
    public void Latency_FailuresCountAsSlow_AndARecoveredBackendWinsAgain()
    {
        var load = new BackendLoad();
        var policy = LoadBalancingPolicies.Create(LoadBalancingPolicies.Latency, load, static () => 0.5);
        Report(load, "steady", 400);
        Report(load, "flaky", 100);

        // A refused connection takes a millisecond but must not look fast.
        load.Started("flaky");
        load.Finished("flaky", UpstreamOutcome.ConnectFailed, Ms, null);
        Assert.True(load.LatencyMs("flaky") > 400);
        Assert.Equal("steady>flaky", Ordered(policy, Group("flaky", "steady")));

        // Once explored and fast again, the average comes back down.
        for (var i = 0; i < 10; i++) Report(load, "flaky", 100);
        Assert.Equal("flaky>steady", Ordered(policy, Group("flaky", "steady")));
    }

    [Fact]
    public void Latency_ClientCancellationsAreNotSamples()
    {
        var load = new BackendLoad();
        Report(load, "a", 100);
        load.Started("a");
        load.Finished("a", UpstreamOutcome.ClientCancelled, TimeSpan.FromSeconds(30), null);

        Assert.Equal(100, load.LatencyMs("a"), 3);
    }

    private static void Report(BackendLoad load, string backend, int ttfbMs)
    {
        load.Started(backend);
        load.Finished(backend, UpstreamOutcome.Success, TimeSpan.FromMilliseconds(ttfbMs * 2), TimeSpan.FromMilliseconds(ttfbMs));
    }
}
