using System.Collections.Immutable;
using Louter.Streams.Errors;
using Louter.Streams.Routing;
using Xunit;

namespace Louter.Tests.Streams.Routing;

public sealed class ModelRouterTests
{
    private static BackendDescriptor PassThrough(string name, int priority = 1, int order = 0) =>
        new() { Name = name, Priority = priority, Order = order };

    private static BackendDescriptor Mapped(string name, string model, string upstream, int priority = 1, int order = 0) =>
        new() { Name = name, Priority = priority, Order = order, ModelMapping = new Dictionary<string, string> { [model] = upstream } };

    private static RoutingTable Table(params BackendDescriptor[] backends) => RoutingTable.Create(backends);

    private static RoutingTable ForceOpen(RoutingTable table, params string[] names) =>
        names.Aggregate(table, (t, n) => t.With(n, new BackendStatus(CircuitState.Open, Forced: true, Version: 1)));

    private static IEnumerable<string> Names(RouteResult result) => result.Candidates.Select(c => c.Backend.Name);

    [Fact]
    public void Route_ModelListedInAMapping_UsesOnlyMappedBackends()
    {
        var table = Table(PassThrough("local", order: 0), Mapped("openai", "gpt-4o", "gpt-4o-2024-08-06", priority: 5, order: 1));

        var result = ModelRouter.Route(table, "gpt-4o");

        Assert.Null(result.Error);
        var only = Assert.Single(result.Candidates);
        Assert.Equal("openai", only.Backend.Name);
        Assert.Equal("gpt-4o-2024-08-06", only.UpstreamModel);
    }

    [Fact]
    public void Route_ModelInNoMapping_UsesPassThroughBackendsUnderTheSameName()
    {
        var table = Table(Mapped("openai", "gpt-4o", "gpt-4o", order: 0), PassThrough("ollama", order: 1), PassThrough("vllm", order: 2));

        var result = ModelRouter.Route(table, "qwen3:8b");

        Assert.Equal(["ollama", "vllm"], Names(result));
        Assert.All(result.Candidates, c => Assert.Equal("qwen3:8b", c.UpstreamModel));
    }

    [Fact]
    public void Route_UnknownModelWithOnlyMappedBackends_IsModelNotFound()
    {
        var table = Table(Mapped("openai", "gpt-4o", "gpt-4o"), Mapped("anthropic", "claude", "claude-sonnet-4-5", order: 1));

        var result = ModelRouter.Route(table, "gpt-5-nonexistent");

        Assert.Empty(result.Candidates);
        Assert.NotNull(result.Error);
        Assert.Equal(GatewayErrorKind.NotFound, result.Error.Kind);
        Assert.Equal(404, result.Error.Status);
        Assert.Equal("model_not_found", result.Error.Code);
        Assert.Equal("model", result.Error.Param);
        Assert.Contains("gpt-5-nonexistent", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Route_EmptyTable_IsModelNotFound()
    {
        var result = ModelRouter.Route(Table(), "anything");

        Assert.Equal(404, result.Error!.Status);
    }

    [Fact]
    public void Route_FirstCandidateForcedOpen_SkipsItAndUsesTheNext()
    {
        var table = ForceOpen(Table(Mapped("primary", "m", "m1", priority: 1), Mapped("fallback", "m", "m2", priority: 2, order: 1)), "primary");

        var result = ModelRouter.Route(table, "m");

        var only = Assert.Single(result.Candidates);
        Assert.Equal("fallback", only.Backend.Name);
        Assert.Equal("m2", only.UpstreamModel);
    }

    [Fact]
    public void Route_HalfOpenCandidate_IsStillUsed()
    {
        var table = Table(Mapped("a", "m", "m")).With("a", new BackendStatus(CircuitState.HalfOpen, Forced: false, Version: 3));

        var result = ModelRouter.Route(table, "m");

        Assert.Equal(["a"], Names(result));
    }

    [Fact]
    public void Route_AllCandidatesOpen_IsUnavailableNamingThem()
    {
        var table = ForceOpen(Table(Mapped("a", "m", "m"), Mapped("b", "m", "m", order: 1), PassThrough("c", order: 2)), "a", "b");

        var result = ModelRouter.Route(table, "m");

        Assert.Empty(result.Candidates);
        Assert.NotNull(result.Error);
        Assert.Equal(GatewayErrorKind.Unavailable, result.Error.Kind);
        Assert.Equal(503, result.Error.Status);
        Assert.Contains("'a', 'b'", result.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("'c'", result.Error.Message, StringComparison.Ordinal);
        Assert.NotNull(result.Error.RetryAfter);
    }

    [Fact]
    public void Route_MappedBackendsAllOpen_DoesNotFallBackToPassThrough()
    {
        // Rule 2 applies only when no mapping lists the model: a listed model whose backends are
        // down is unavailable, not silently sent under its client name to an unrelated server.
        var table = ForceOpen(Table(Mapped("openai", "gpt-4o", "gpt-4o"), PassThrough("local", order: 1)), "openai");

        var result = ModelRouter.Route(table, "gpt-4o");

        Assert.Equal(503, result.Error!.Status);
    }

    [Fact]
    public void Route_AllPassThroughBackendsOpen_IsUnavailable()
    {
        var table = ForceOpen(Table(PassThrough("local")), "local");

        var result = ModelRouter.Route(table, "llama3");

        Assert.Equal(GatewayErrorKind.Unavailable, result.Error!.Kind);
        Assert.Contains("'local'", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Route_SeveralCandidates_OrdersByPriorityThenConfigOrder()
    {
        var table = new RoutingTable(
        [
            new RoutedBackend(Mapped("p2-first", "m", "m", priority: 2, order: 0), BackendStatus.Initial),
            new RoutedBackend(Mapped("p1-late", "m", "m", priority: 1, order: 3), BackendStatus.Initial),
            new RoutedBackend(Mapped("p1-early", "m", "m", priority: 1, order: 1), BackendStatus.Initial),
            new RoutedBackend(Mapped("p2-second", "m", "m", priority: 2, order: 2), BackendStatus.Initial),
        ]);

        var result = ModelRouter.Route(table, "m");

        Assert.Equal(["p1-early", "p1-late", "p2-first", "p2-second"], Names(result));
    }

    [Fact]
    public void Route_BeforeEveryBackendStateIsKnown_RefusesWith503Starting()
    {
        var holder = new RoutingTableHolder(RoutingTable.Create([PassThrough("local")], isComplete: false));

        var starting = ModelRouter.Route(holder.Current, "any");
        holder.MarkComplete();
        var ready = ModelRouter.Route(holder.Current, "any");

        Assert.Equal(GatewayErrorKind.Unavailable, starting.Error?.Kind);
        Assert.Equal("starting", starting.Error?.Code);
        Assert.Equal(TimeSpan.FromSeconds(1), starting.Error?.RetryAfter);
        Assert.Null(ready.Error);
    }

    [Fact]
    public void MarkComplete_KeepsTheStatesAlreadyApplied()
    {
        var holder = new RoutingTableHolder(RoutingTable.Create([PassThrough("local")], isComplete: false));
        holder.Apply("local", new BackendStatus(CircuitState.Open, Forced: true, Version: 3));

        holder.MarkComplete();

        Assert.True(holder.Current.IsComplete);
        Assert.Equal(3, holder.Current.Find("local")!.Status.Version);
        Assert.Equal("backend_unavailable", ModelRouter.Route(holder.Current, "any").Error?.Code);
    }
}
