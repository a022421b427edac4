using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Akka.Persistence;
using Louter.Streams.Routing;

namespace Louter.Actors.Backends;

/// <summary>
/// One backend's persistent state (sharded by backend name): the operator override and the health
/// circuit. It hears every node's attempt outcomes (<see cref="RecordOutcome"/>), keeps the sliding
/// window in memory, persists only transitions, runs the open → half-open timer and the active
/// health checks on Akka timers, publishes each new state to every node's routing table, and
/// snapshots every <see cref="SnapshotEvery"/> events. All decisions live in <see cref="BackendState"/>.
/// </summary>
public sealed class BackendEntity : ReceivePersistentActor, IWithTimers
{
    /// <summary>The pub-sub topic on which every backend's state changes are published.</summary>
    public const string StateTopic = "louter.backend-state";

    private const int SnapshotEvery = 100;
    private const string OpenTimer = "open";
    private const string HalfOpenTimer = "half-open";
    private const string HealthCheckTimer = "health-check";

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IActorRef _mediator;
    private readonly BackendHealthSettings _settings;
    private readonly HealthWindow _window;
    private BackendState _state;
    private bool _checking;
    private DateTimeOffset? _lastCheck;
    private bool? _lastCheckOk;

    public BackendEntity(string backendName, BackendHealthSettings settings)
    {
        PersistenceId = "backend-" + backendName;
        _settings = settings;
        _window = new HealthWindow(settings.Policy.Window);
        _state = BackendState.Initial(backendName);
        _mediator = DistributedPubSub.Get(Context.System).Mediator;

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is BackendState snapshot) _state = snapshot;
        });
        Recover<IBackendEvent>(e => _state = _state.Apply(e));
        Recover<RecoveryCompleted>(_ => Started());

        Command<ForceCircuit>(c => Persist(_state.Decide(c), Sender));
        Command<RecordOutcome>(Handle);
        Command<OpenElapsed>(_ => Persist(_state.DecideOpenElapsed(Now), null));
        Command<HalfOpenStalled>(s => Persist(_state.DecideHalfOpenStalled(s.Version), null));
        Command<HealthCheckTick>(_ => StartHealthCheck());
        Command<HealthCheckResult>(Handle);
        Command<GetBackendState>(_ => Sender.Tell(Published()));
        Command<GetBackendHealth>(_ => Sender.Tell(Health()));
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "Snapshot of backend {0} failed", _state.Name));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => _log.Warning(f.Cause, "Deleting old snapshots of backend {0} failed", _state.Name));
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Akka's clock: virtual under the TestKit's TestScheduler.</summary>
    private DateTimeOffset Now => Context.System.Scheduler.Now;

    public static Props Props(string backendName) => Props(backendName, BackendHealthSettings.Default);

    public static Props Props(string backendName, BackendHealthSettings settings) =>
        Akka.Actor.Props.Create(() => new BackendEntity(backendName, settings));

    private void Started()
    {
        Publish();
        ArmTimers();
        if (_settings.HealthCheck is { } check)
        {
            Timers.StartPeriodicTimer(HealthCheckTimer, HealthCheckTick.Instance, TimeSpan.Zero, check.Interval);
        }
    }

    private void Handle(RecordOutcome outcome)
    {
        var now = Now;
        if (_state.Circuit != CircuitState.Open) _window.Record(outcome.Signal, now);
        Persist(_state.Decide(outcome.Signal, _window.Counts(now), now, _settings.Policy), null);
    }

    private void StartHealthCheck()
    {
        if (_checking || _settings.HealthCheck is not { } check) return;
        _checking = true;
        check.Probe.CheckAsync(CancellationToken.None).PipeTo(Self,
            failure: e => new HealthCheckResult(false, e.GetBaseException().Message));
    }

    private void Handle(HealthCheckResult result)
    {
        _checking = false;
        _lastCheck = Now;
        if (_lastCheckOk != result.Ok)
        {
            if (result.Ok) _log.Info("Backend {0}: health check passed", _state.Name);
            else _log.Warning("Backend {0}: health check failed: {1}", _state.Name, result.Detail);
        }
        _lastCheckOk = result.Ok;
        Persist(_state.DecideHealthCheck(result.Ok, result.Detail, Now, _settings.Policy), null);
    }

    /// <summary>Persists the events (if any), applies them, then logs, publishes, re-arms timers and replies once.</summary>
    private void Persist(IReadOnlyList<IBackendEvent> events, IActorRef? replyTo)
    {
        if (events.Count == 0)
        {
            replyTo?.Tell(Published());
            return;
        }

        var before = _state;
        var remaining = events.Count;
        var circuitMoved = false;
        PersistAll(events, e =>
        {
            _state = _state.Apply(e);
            circuitMoved |= e is not CircuitForced;
            if (LastSequenceNr % SnapshotEvery == 0) SaveSnapshot(_state);
            if (--remaining > 0) return;

            Transitioned(before, circuitMoved);
            replyTo?.Tell(Published());
        });
    }

    private void Transitioned(BackendState before, bool circuitMoved)
    {
        if (before.Forced != _state.Forced)
            _log.Info("Backend {0}: circuit override is now {1}", _state.Name, _state.Forced);
        if (circuitMoved)
        {
            _window.Reset();
            if (_state.Circuit == CircuitState.Open)
                _log.Info("Backend {0}: circuit {1} -> open until {2:O} (trip {3}): {4}", _state.Name, Name(before.Circuit), _state.OpenUntil, _state.Trip, _state.Reason);
            else
                _log.Info("Backend {0}: circuit {1} -> {2}: {3}", _state.Name, Name(before.Circuit), Name(_state.Circuit), _state.Reason);
        }
        Publish();
        ArmTimers();
    }

    private void ArmTimers()
    {
        Timers.Cancel(OpenTimer);
        Timers.Cancel(HalfOpenTimer);
        switch (_state.Circuit)
        {
            case CircuitState.Open when _state.OpenUntil is { } until:
                var wait = until - Now;
                Timers.StartSingleTimer(OpenTimer, OpenElapsed.Instance, wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
                break;
            case CircuitState.HalfOpen:
                Timers.StartSingleTimer(HalfOpenTimer, new HalfOpenStalled(_state.Version), _settings.Policy.OpenDuration);
                break;
        }
    }

    private BackendStateChanged Published() => _state.Published(_settings.Policy.HalfOpenProbes);

    private BackendHealth Health()
    {
        var counts = _window.Counts(Now);
        return new BackendHealth(_state.Name, _state.Effective, _state.Circuit, _state.Forced, _state.Up, _state.OpenUntil, _state.Trip,
            counts.Requests, counts.Failures, counts.RateLimited, counts.ConsecutiveFailures, _state.Reason, _lastCheck, _lastCheckOk, _state.Version);
    }

    private void Publish()
    {
        var published = Published();
        _mediator.Tell(new Publish(StateTopic, published));
    }

    private static string Name(CircuitState circuit) => circuit switch
    {
        CircuitState.Open => "open",
        CircuitState.HalfOpen => "half-open",
        _ => "closed",
    };

    private sealed class OpenElapsed
    {
        public static readonly OpenElapsed Instance = new();
    }

    private sealed record HalfOpenStalled(long Version);

    private sealed class HealthCheckTick
    {
        public static readonly HealthCheckTick Instance = new();
    }
}
