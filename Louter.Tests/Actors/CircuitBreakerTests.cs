using Louter.Actors.Backends;
using Louter.Streams.Errors;
using Louter.Streams.Routing;
using Xunit;

namespace Louter.Tests.Actors;

/// <summary>The circuit breaker as a pure state machine, driven with virtual time (no Akka, no sleeps).</summary>
public sealed class CircuitBreakerTests
{
    private static readonly DateTimeOffset T0 = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A backend's persisted state plus its in-memory window, fed the way the entity feeds them.</summary>
    private sealed class Breaker(CircuitPolicy? policy = null)
    {
        public CircuitPolicy Policy { get; } = policy ?? CircuitPolicy.Default;
        public HealthWindow Window { get; } = new((policy ?? CircuitPolicy.Default).Window);
        public BackendState State { get; private set; } = BackendState.Initial("b");
        public DateTimeOffset Now { get; set; } = T0;
        public List<IBackendEvent> Events { get; } = [];

        public Breaker Outcome(UpstreamOutcome outcome, int times = 1)
        {
            for (var i = 0; i < times; i++)
            {
                var signal = HealthSignals.From(outcome);
                if (State.Circuit != CircuitState.Open) Window.Record(signal, Now);
                Apply(State.Decide(signal, Window.Counts(Now), Now, Policy));
            }
            return this;
        }

        public Breaker Advance(TimeSpan by)
        {
            Now += by;
            Apply(State.DecideOpenElapsed(Now));
            return this;
        }

        public Breaker Check(bool ok) => Apply(State.DecideHealthCheck(ok, ok ? "HTTP 200" : "HTTP 503", Now, Policy));

        public Breaker Force(ForcedCircuit mode) => Apply(State.Decide(new ForceCircuit("b", mode)));

        public Breaker Apply(IReadOnlyList<IBackendEvent> events)
        {
            foreach (var e in events)
            {
                Events.Add(e);
                var before = State.Circuit;
                State = State.Apply(e);
                if (e is not CircuitForced && before != State.Circuit) Window.Reset();
            }
            return this;
        }
    }

    [Theory]
    [InlineData(UpstreamOutcome.ServerError)]
    [InlineData(UpstreamOutcome.Overloaded)]
    [InlineData(UpstreamOutcome.Timeout)]
    [InlineData(UpstreamOutcome.IdleTimeout)]
    [InlineData(UpstreamOutcome.ProtocolError)]
    [InlineData(UpstreamOutcome.AuthFailure)]
    public void ConsecutiveFailures_OpenAtTheThreshold(UpstreamOutcome failure)
    {
        var b = new Breaker().Outcome(failure, 4);
        Assert.Equal(CircuitState.Closed, b.State.Circuit);

        b.Outcome(failure);

        Assert.Equal(CircuitState.Open, b.State.Circuit);
        var opened = Assert.IsType<CircuitOpened>(Assert.Single(b.Events));
        Assert.Equal(new CircuitOpened(T0 + TimeSpan.FromSeconds(30), 1, "5 consecutive failures"), opened);
        Assert.False(b.State.Up);
    }

    [Fact]
    public void ASuccess_ResetsTheConsecutiveRun()
    {
        var b = new Breaker().Outcome(UpstreamOutcome.ServerError, 4).Outcome(UpstreamOutcome.Success).Outcome(UpstreamOutcome.ServerError, 4);

        Assert.Equal(CircuitState.Closed, b.State.Circuit);
        Assert.Empty(b.Events);
    }

    [Fact]
    public void FailureRate_OpensOnlyWithMinimumRequests()
    {
        // Alternating: never 5 in a row; 4 of 8 is 50% but below minimum_requests = 10.
        var b = new Breaker();
        for (var i = 0; i < 4; i++) b.Outcome(UpstreamOutcome.ServerError).Outcome(UpstreamOutcome.Success);
        Assert.Equal(CircuitState.Closed, b.State.Circuit);

        b.Outcome(UpstreamOutcome.ServerError); // 5 of 9
        Assert.Equal(CircuitState.Closed, b.State.Circuit);
        b.Outcome(UpstreamOutcome.ServerError); // 6 of 10: rate 0.6 ≥ 0.5 with 10 requests

        Assert.Equal(CircuitState.Open, b.State.Circuit);
        Assert.Equal("6 of 10 requests failed in 60s", b.State.Reason);
    }

    [Fact]
    public void FailureRate_BelowTheRate_StaysClosed()
    {
        var b = new Breaker();
        for (var i = 0; i < 20; i++) b.Outcome(UpstreamOutcome.ServerError).Outcome(UpstreamOutcome.Success, 2);

        Assert.Equal(CircuitState.Closed, b.State.Circuit);
    }

    [Fact]
    public void FailuresOutsideTheWindow_DoNotCount()
    {
        var b = new Breaker();
        for (var i = 0; i < 4; i++) b.Outcome(UpstreamOutcome.ServerError).Outcome(UpstreamOutcome.Success);
        b.Advance(TimeSpan.FromSeconds(61));

        // Fresh window: 2 of 2 failed, but below minimum_requests.
        b.Outcome(UpstreamOutcome.ServerError).Outcome(UpstreamOutcome.Success).Outcome(UpstreamOutcome.ServerError);

        Assert.Equal(CircuitState.Closed, b.State.Circuit);
        Assert.Equal(new HealthCounts(3, 2, 0, 1), b.Window.Counts(b.Now));
    }

    [Fact]
    public void RefusedConnection_OpensAtOnce()
    {
        var b = new Breaker().Outcome(UpstreamOutcome.ConnectFailed);

        Assert.Equal(CircuitState.Open, b.State.Circuit);
        Assert.Equal("connection refused", b.State.Reason);
        Assert.Equal(T0 + TimeSpan.FromSeconds(30), b.State.OpenUntil);
    }

    [Fact]
    public void RateLimited_IsBackPressure_NotAFailure()
    {
        var b = new Breaker().Outcome(UpstreamOutcome.RateLimited, 50);

        Assert.Equal(CircuitState.Closed, b.State.Circuit);
        Assert.Empty(b.Events);
        Assert.Equal(new HealthCounts(0, 0, 50, 0), b.Window.Counts(b.Now));
    }

    [Theory]
    [InlineData(UpstreamOutcome.ClientError)]
    [InlineData(UpstreamOutcome.ClientCancelled)]
    [InlineData(UpstreamOutcome.None)]
    public void ClientSideOutcomes_AreNotFailures(UpstreamOutcome outcome)
    {
        var b = new Breaker().Outcome(outcome, 50);

        Assert.Equal(CircuitState.Closed, b.State.Circuit);
        Assert.Equal(0, b.Window.Counts(b.Now).Failures);
    }

    [Fact]
    public void Open_TurnsHalfOpenWhenTheDurationIsOver()
    {
        var b = new Breaker().Outcome(UpstreamOutcome.ConnectFailed);

        b.Advance(TimeSpan.FromSeconds(29.9));
        Assert.Equal(CircuitState.Open, b.State.Circuit);
        b.Advance(TimeSpan.FromSeconds(0.1));

        Assert.Equal(CircuitState.HalfOpen, b.State.Circuit);
        Assert.Null(b.State.OpenUntil);
        Assert.Equal(CircuitState.HalfOpen, b.State.Published().Circuit);
    }

    [Fact]
    public void HalfOpen_TrialSuccess_Closes()
    {
        var b = new Breaker().Outcome(UpstreamOutcome.ConnectFailed).Advance(TimeSpan.FromSeconds(30));

        b.Outcome(UpstreamOutcome.Success);

        Assert.Equal(CircuitState.Closed, b.State.Circuit);
        Assert.Equal(0, b.State.Trip);
        Assert.True(b.State.Up);
        Assert.IsType<CircuitClosed>(b.Events[^1]);
    }

    [Fact]
    public void HalfOpen_TrialFailure_ReopensForLonger()
    {
        var b = new Breaker().Outcome(UpstreamOutcome.ConnectFailed).Advance(TimeSpan.FromSeconds(30));

        b.Outcome(UpstreamOutcome.ServerError);

        Assert.Equal(CircuitState.Open, b.State.Circuit);
        Assert.Equal(2, b.State.Trip);
        Assert.Equal(b.Now + TimeSpan.FromSeconds(60), b.State.OpenUntil);
        Assert.Equal("trial request failed", b.State.Reason);
    }

    [Fact]
    public void HalfOpen_429OrCancelled_IsNoVerdict()
    {
        var b = new Breaker().Outcome(UpstreamOutcome.ConnectFailed).Advance(TimeSpan.FromSeconds(30));

        b.Outcome(UpstreamOutcome.RateLimited).Outcome(UpstreamOutcome.ClientCancelled);

        Assert.Equal(CircuitState.HalfOpen, b.State.Circuit);
    }

    [Fact]
    public void OpenDuration_DoublesOnEachTripInARow_UpToTheCap()
    {
        var b = new Breaker().Outcome(UpstreamOutcome.ConnectFailed);
        var durations = new List<TimeSpan>();
        for (var trip = 0; trip < 6; trip++)
        {
            durations.Add(b.State.OpenUntil!.Value - b.Now);
            b.Advance(b.State.OpenUntil!.Value - b.Now).Outcome(UpstreamOutcome.ConnectFailed);
        }

        Assert.Equal([30, 60, 120, 240, 300, 300], durations.Select(d => (int)d.TotalSeconds));

        // Closing resets the growth.
        b.Advance(TimeSpan.FromMinutes(5)).Outcome(UpstreamOutcome.Success).Outcome(UpstreamOutcome.ConnectFailed);
        Assert.Equal(TimeSpan.FromSeconds(30), b.State.OpenUntil - b.Now);
    }

    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 20)]
    [InlineData(3, 25)]
    [InlineData(30, 25)]
    public void OpenDurationFor_DoublesAndCaps(int trip, int seconds)
    {
        var policy = new CircuitPolicy { OpenDuration = TimeSpan.FromSeconds(10), MaxOpenDuration = TimeSpan.FromSeconds(25) };

        Assert.Equal(TimeSpan.FromSeconds(seconds), policy.OpenDurationFor(trip));
    }

    [Fact]
    public void LateOutcomesWhileOpen_ChangeNothing()
    {
        var b = new Breaker().Outcome(UpstreamOutcome.ConnectFailed);
        var events = b.Events.Count;

        b.Outcome(UpstreamOutcome.Success, 3).Outcome(UpstreamOutcome.ServerError, 10);

        Assert.Equal(CircuitState.Open, b.State.Circuit);
        Assert.Equal(events, b.Events.Count);
    }

    [Fact]
    public void HalfOpenStalled_GrantsFreshPermitsOnlyForThatPeriod()
    {
        var b = new Breaker().Outcome(UpstreamOutcome.ConnectFailed).Advance(TimeSpan.FromSeconds(30));
        var version = b.State.Version;

        Assert.Empty(b.State.DecideHalfOpenStalled(version - 1));
        b.Apply(b.State.DecideHalfOpenStalled(version));

        Assert.Equal(CircuitState.HalfOpen, b.State.Circuit);
        Assert.Equal(version + 1, b.State.Version);
    }

    [Fact]
    public void HealthCheck_MarksDownAndUpOnItsOwn()
    {
        var b = new Breaker().Check(ok: true);
        Assert.Empty(b.Events);

        b.Check(ok: false);
        Assert.Equal(CircuitState.Open, b.State.Circuit);
        Assert.Equal("health check failed: HTTP 503", b.State.Reason);

        b.Check(ok: false);
        Assert.Single(b.Events);

        b.Check(ok: true);
        Assert.Equal(CircuitState.Closed, b.State.Circuit);
        Assert.Equal("health check passed", b.State.Reason);
    }

    [Fact]
    public void HealthCheck_FailingWhileHalfOpen_ReopensForLonger()
    {
        var b = new Breaker().Outcome(UpstreamOutcome.ConnectFailed).Advance(TimeSpan.FromSeconds(30)).Check(ok: false);

        Assert.Equal(CircuitState.Open, b.State.Circuit);
        Assert.Equal(2, b.State.Trip);
    }

    [Fact]
    public void ForcedClosed_BeatsAnOpenHealthCircuit_AndReleaseHandsItBack()
    {
        var b = new Breaker().Force(ForcedCircuit.Closed).Outcome(UpstreamOutcome.ConnectFailed);

        Assert.Equal(CircuitState.Open, b.State.Circuit);
        Assert.Equal(CircuitState.Closed, b.State.Effective);
        var published = b.State.Published();
        Assert.Equal(CircuitState.Closed, published.Circuit);
        Assert.False(published.Up);
        Assert.Null(published.OpenUntil);

        b.Force(ForcedCircuit.None);
        Assert.Equal(CircuitState.Open, b.State.Published().Circuit);
    }

    [Fact]
    public void ForcedOpen_BeatsAHealthyCircuit()
    {
        var b = new Breaker().Force(ForcedCircuit.Open).Outcome(UpstreamOutcome.Success, 3).Check(ok: true);

        Assert.Equal(CircuitState.Closed, b.State.Circuit);
        Assert.Equal(CircuitState.Open, b.State.Published().Circuit);
        Assert.False(b.State.Published().ToStatus().TryAdmit());
    }

    [Fact]
    public void HalfOpenStatus_AdmitsOnlyTheConfiguredTrialsPerNode()
    {
        var published = new BackendStateChanged("b", CircuitState.HalfOpen, ForcedCircuit.None, 4, Up: false, OpenUntil: null, HalfOpenProbes: 2);
        var nodeA = published.ToStatus();
        var nodeB = published.ToStatus();

        Assert.True(nodeA.TryAdmit());
        Assert.True(nodeA.TryAdmit());
        Assert.False(nodeA.TryAdmit());
        Assert.False(nodeA.Accepts);
        Assert.True(nodeB.TryAdmit());

        nodeA.Probes!.Return();
        Assert.True(nodeA.TryAdmit());
    }

    [Fact]
    public void RoutingTable_SameVersionHeardTwice_KeepsTheTakenPermits()
    {
        var published = new BackendStateChanged("b", CircuitState.HalfOpen, ForcedCircuit.None, 4, Up: false, OpenUntil: null, HalfOpenProbes: 1);
        var table = RoutingTable.Create([new BackendDescriptor { Name = "b" }]).With("b", published.ToStatus());
        Assert.True(table.Find("b")!.Status.TryAdmit());

        table = table.With("b", published.ToStatus());

        Assert.False(table.Find("b")!.Status.TryAdmit());
        Assert.True(table.With("b", (published with { Version = 5 }).ToStatus()).Find("b")!.Status.TryAdmit());
    }
}
