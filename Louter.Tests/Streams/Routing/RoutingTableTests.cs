using Louter.Streams.Routing;
using Xunit;

namespace Louter.Tests.Streams.Routing;

public sealed class RoutingTableTests
{
    private static readonly BackendStatus OpenV2 = new(CircuitState.Open, Forced: true, Version: 2);
    private static readonly BackendStatus ClosedV1 = new(CircuitState.Closed, Forced: false, Version: 1);
    private static readonly BackendStatus ClosedV3 = new(CircuitState.Closed, Forced: false, Version: 3);

    private static RoutingTable Table() => RoutingTable.Create([new BackendDescriptor { Name = "a" }, new BackendDescriptor { Name = "b", Order = 1 }]);

    [Fact]
    public void Create_EveryBackendStartsClosedAtVersionZero()
    {
        var table = Table();

        Assert.Equal(["a", "b"], table.Backends.Select(b => b.Descriptor.Name));
        Assert.All(table.Backends, b => Assert.Equal(BackendStatus.Initial, b.Status));
        Assert.True(BackendStatus.Initial.Accepts);
    }

    [Fact]
    public void With_NewerStatus_ReplacesOnlyThatBackend()
    {
        var before = Table();

        var after = before.With("a", OpenV2);

        Assert.Equal(OpenV2, after.Find("a")!.Status);
        Assert.Equal(BackendStatus.Initial, after.Find("b")!.Status);
        Assert.Equal(BackendStatus.Initial, before.Find("a")!.Status);
        Assert.False(after.Find("a")!.Status.Accepts);
    }

    [Fact]
    public void With_OlderVersion_IsIgnored()
    {
        var table = Table().With("a", OpenV2);

        Assert.Same(table, table.With("a", ClosedV1));
    }

    [Fact]
    public void With_SameStatusAgain_ReturnsTheSameTable()
    {
        var table = Table().With("a", OpenV2);

        Assert.Same(table, table.With("a", OpenV2 with { }));
    }

    [Fact]
    public void With_UnknownBackend_IsIgnored()
    {
        var table = Table();

        Assert.Same(table, table.With("nope", OpenV2));
        Assert.Null(table.Find("nope"));
    }

    [Fact]
    public void Holder_Apply_IsVisibleThroughCurrent()
    {
        var holder = new RoutingTableHolder(Table());

        holder.Apply("b", OpenV2);

        Assert.Equal(OpenV2, holder.Current.Find("b")!.Status);
    }

    [Fact]
    public void Holder_ApplyOutOfOrder_KeepsTheNewest()
    {
        var holder = new RoutingTableHolder(Table());

        holder.Apply("a", ClosedV3);
        holder.Apply("a", OpenV2);
        holder.Apply("a", ClosedV1);

        Assert.Equal(ClosedV3, holder.Current.Find("a")!.Status);
    }

    [Fact]
    public async Task Holder_ConcurrentApplies_EndOnTheHighestVersionOfEachBackend()
    {
        var holder = new RoutingTableHolder(Table());
        var versions = Enumerable.Range(1, 2000).ToArray();

        await Task.WhenAll(versions.Select(v => Task.Run(() =>
        {
            holder.Apply(v % 2 == 0 ? "a" : "b", new BackendStatus(v % 3 == 0 ? CircuitState.Open : CircuitState.Closed, Forced: false, v));
        }, TestContext.Current.CancellationToken)));

        Assert.Equal(2000, holder.Current.Find("a")!.Status.Version);
        Assert.Equal(1999, holder.Current.Find("b")!.Status.Version);
    }
}
