using Louter.Streams.Routing;
using Louter.Streams.Routing.Balancing;
using Louter.Streams.Routing.Strategies;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Louter.Tests.Streams.Routing;

/// <summary>A backend that answered 429 with a Retry-After goes last until the pause is over; it is never dropped.</summary>
public sealed class RateLimitedOrderTests
{
    private static readonly RoutingTable Table = RoutingTable.Create(
    [
        new BackendDescriptor { Name = "a", Priority = 1, Order = 0 },
        new BackendDescriptor { Name = "b", Priority = 2, Order = 1 },
        new BackendDescriptor { Name = "c", Priority = 3, Order = 2 },
    ]);

    private static string[] Order(Router router) =>
        [.. router.Route(Table, RouteRequest.ForModel("m")).Candidates.Select(c => c.Backend.Name)];

    [Fact]
    public void RateLimitedBackend_GoesLast_UntilItsRetryAfterPasses()
    {
        var time = new FakeTimeProvider();
        var load = new BackendLoad(time);
        var router = new Router(new RoutingOptions { Strategy = RoutingStrategies.Priority }, load, static () => 0);
        Assert.Equal(["a", "b", "c"], Order(router));

        load.RateLimited("a", TimeSpan.FromSeconds(2));
        Assert.Equal(["b", "c", "a"], Order(router));

        time.Advance(TimeSpan.FromSeconds(1.9));
        Assert.Equal(["b", "c", "a"], Order(router));
        time.Advance(TimeSpan.FromSeconds(0.2));
        Assert.Equal(["a", "b", "c"], Order(router));
    }

    [Fact]
    public void EveryBackendRateLimited_KeepsTheirOrder()
    {
        var time = new FakeTimeProvider();
        var load = new BackendLoad(time);
        var router = new Router(new RoutingOptions { Strategy = RoutingStrategies.Priority }, load, static () => 0);

        load.RateLimited("a", TimeSpan.FromSeconds(5));
        load.RateLimited("c", TimeSpan.FromSeconds(5));
        Assert.Equal(["b", "a", "c"], Order(router));
        load.RateLimited("b", TimeSpan.FromSeconds(5));
        Assert.Equal(["a", "b", "c"], Order(router));
    }

    [Fact]
    public void ALaterShorterRetryAfter_DoesNotShortenTheLongerOne()
    {
        var time = new FakeTimeProvider();
        var load = new BackendLoad(time);

        load.RateLimited("a", TimeSpan.FromSeconds(10));
        load.RateLimited("a", TimeSpan.FromSeconds(1));
        time.Advance(TimeSpan.FromSeconds(5));

        Assert.True(load.IsRateLimited("a"));
        Assert.False(load.IsRateLimited("b"));
    }
}

/// <summary>With Explain off (logging above debug) a successful decision skips formatting its reason; a refusal still says why.</summary>
public sealed class RouterExplainTests
{
    [Fact]
    public void ExplainOff_SuccessHasNoReason_RefusalStillHasOne()
    {
        var table = RoutingTable.Create([new BackendDescriptor { Name = "a", ModelMapping = new Dictionary<string, string> { ["m"] = "up" } }]);
        var quiet = new Router(new RoutingOptions { Explain = false }, new BackendLoad(), static () => 0);
        var chatty = new Router(new RoutingOptions(), new BackendLoad(), static () => 0);

        var routed = quiet.Route(table, RouteRequest.ForModel("m"));
        Assert.Equal("a", Assert.Single(routed.Candidates).Backend.Name);
        Assert.Empty(routed.Reason ?? "");
        Assert.Equal(RouteOutcomes.Routed, routed.Outcome);
        Assert.Contains("→ a", chatty.Route(table, RouteRequest.ForModel("m")).Reason, StringComparison.Ordinal);

        var refused = quiet.Route(table, RouteRequest.ForModel("nope"));
        Assert.Equal("model_not_found", refused.Error!.Code);
        Assert.False(string.IsNullOrEmpty(refused.Reason));
    }
}
