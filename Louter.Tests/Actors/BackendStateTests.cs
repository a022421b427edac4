using Louter.Actors.Backends;
using Louter.Streams.Routing;
using Xunit;

namespace Louter.Tests.Actors;

public sealed class BackendStateTests
{
    private static BackendState After(BackendState state, ForcedCircuit mode) =>
        state.Decide(new ForceCircuit(state.Name, mode)).Aggregate(state, (s, e) => s.Apply(e));

    [Fact]
    public void Initial_IsClosedUnforcedAtVersionZero()
    {
        var state = BackendState.Initial("openai");

        Assert.Equal(new BackendState("openai", CircuitState.Closed, ForcedCircuit.None, 0), state);
        Assert.Equal(CircuitState.Closed, state.Effective);
    }

    [Fact]
    public void Decide_ForceOpen_EmitsOneCircuitForcedEvent()
    {
        var events = BackendState.Initial("b").Decide(new ForceCircuit("b", ForcedCircuit.Open));

        Assert.Equal([new CircuitForced(ForcedCircuit.Open)], events);
    }

    [Theory]
    [InlineData(ForcedCircuit.Open)]
    [InlineData(ForcedCircuit.Closed)]
    public void Decide_SameModeAgain_EmitsNothing(ForcedCircuit mode)
    {
        var forced = After(BackendState.Initial("b"), mode);

        Assert.Empty(forced.Decide(new ForceCircuit("b", mode)));
    }

    [Fact]
    public void Decide_ReleaseWhenNotForced_EmitsNothing()
    {
        Assert.Empty(BackendState.Initial("b").Decide(new ForceCircuit("b", ForcedCircuit.None)));
    }

    [Fact]
    public void Apply_EachEvent_IncrementsVersion()
    {
        var state = BackendState.Initial("b");

        state = After(state, ForcedCircuit.Open);
        Assert.Equal(1, state.Version);
        state = After(state, ForcedCircuit.Closed);
        Assert.Equal(2, state.Version);
        state = After(state, ForcedCircuit.None);
        Assert.Equal(3, state.Version);
        state = After(state, ForcedCircuit.None);
        Assert.Equal(3, state.Version);
    }

    [Fact]
    public void Apply_IsPure_LeavesTheOriginalUnchanged()
    {
        var before = BackendState.Initial("b");

        _ = before.Apply(new CircuitForced(ForcedCircuit.Open));

        Assert.Equal(BackendState.Initial("b"), before);
    }

    [Theory]
    [InlineData(CircuitState.Closed, ForcedCircuit.Open, CircuitState.Open)]
    [InlineData(CircuitState.HalfOpen, ForcedCircuit.Open, CircuitState.Open)]
    [InlineData(CircuitState.Open, ForcedCircuit.Closed, CircuitState.Closed)]
    [InlineData(CircuitState.HalfOpen, ForcedCircuit.Closed, CircuitState.Closed)]
    [InlineData(CircuitState.Open, ForcedCircuit.None, CircuitState.Open)]
    [InlineData(CircuitState.HalfOpen, ForcedCircuit.None, CircuitState.HalfOpen)]
    [InlineData(CircuitState.Closed, ForcedCircuit.None, CircuitState.Closed)]
    public void Effective_OverrideWinsOverHealth(CircuitState health, ForcedCircuit forced, CircuitState expected)
    {
        Assert.Equal(expected, new BackendState("b", health, forced, 5).Effective);
    }

    [Fact]
    public void ForceOpenThenRelease_HandsTheCircuitBackToHealth()
    {
        var state = new BackendState("b", CircuitState.HalfOpen, ForcedCircuit.None, 0);

        state = After(state, ForcedCircuit.Open);
        Assert.Equal(CircuitState.Open, state.Effective);
        state = After(state, ForcedCircuit.None);

        Assert.Equal(CircuitState.HalfOpen, state.Effective);
        Assert.Equal(ForcedCircuit.None, state.Forced);
    }

    [Fact]
    public void Published_CarriesEffectiveCircuitForcedFlagAndVersion()
    {
        var state = After(BackendState.Initial("b"), ForcedCircuit.Open);

        var published = state.Published();

        Assert.Equal(new BackendStateChanged("b", CircuitState.Open, ForcedCircuit.Open, 1), published);
        Assert.Equal(new BackendStatus(CircuitState.Open, Forced: true, Version: 1), published.ToStatus());
        Assert.False(published.ToStatus().Accepts);
    }

    [Fact]
    public void Published_AfterRelease_IsNotForcedAndAcceptsAgain()
    {
        var state = After(After(BackendState.Initial("b"), ForcedCircuit.Open), ForcedCircuit.None);

        var status = state.Published().ToStatus();

        Assert.Equal(new BackendStatus(CircuitState.Closed, Forced: false, Version: 2), status);
        Assert.True(status.Accepts);
    }
}
