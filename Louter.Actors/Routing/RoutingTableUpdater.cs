using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Louter.Actors.Backends;
using Louter.Streams.Metrics;
using Louter.Streams.Routing;

namespace Louter.Actors.Routing;

/// <summary>
/// Keeps this node's routing table current: subscribes to backend state changes, and at start
/// asks every configured backend's entity for its state (which also starts the entity and
/// replays its journal) until each has answered.
/// </summary>
public sealed class RoutingTableUpdater : ReceiveActor, IWithTimers
{
    private const string SyncTimer = "sync";
    private static readonly TimeSpan SyncInterval = TimeSpan.FromMilliseconds(250);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IActorRef _backendRegion;
    private readonly RoutingTableHolder _table;
    private readonly RoutingSyncStatus _sync;
    private readonly HashSet<string> _unsynced;

    public RoutingTableUpdater(IActorRef backendRegion, RoutingTableHolder table, RoutingSyncStatus sync)
    {
        _backendRegion = backendRegion;
        _table = table;
        _sync = sync;
        _unsynced = [.. table.Current.Backends.Select(b => b.Descriptor.Name)];

        Receive<BackendStateChanged>(Apply);
        Receive<SyncTick>(_ => AskUnsynced());
        Receive<SubscribeAck>(_ => { });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef backendRegion, RoutingTableHolder table, RoutingSyncStatus sync) =>
        Akka.Actor.Props.Create(() => new RoutingTableUpdater(backendRegion, table, sync));

    protected override void PreStart()
    {
        DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(BackendEntity.StateTopic, Self));
        AskUnsynced();
        if (!_sync.IsSynced) Timers.StartPeriodicTimer(SyncTimer, SyncTick.Instance, SyncInterval);
    }

    private void Apply(BackendStateChanged state)
    {
        _table.Apply(state.BackendName, state.ToStatus());
        // Every node exports what its own routing table obeys (the newest version it has heard).
        if (_table.Current.Find(state.BackendName) is { } routed)
        {
            var status = routed.Status;
            LouterMetrics.CircuitState.WithLabels(state.BackendName).Set(status.Circuit switch
            {
                CircuitState.Open => 2,
                CircuitState.HalfOpen => 1,
                _ => 0,
            });
            LouterMetrics.BackendUp.WithLabels(state.BackendName).Set(status.Up ? 1 : 0);
        }
        if (_unsynced.Remove(state.BackendName) && _unsynced.Count == 0) Synced();
    }

    private void AskUnsynced()
    {
        if (_unsynced.Count == 0)
        {
            Synced();
            return;
        }
        foreach (var name in _unsynced) _backendRegion.Tell(new GetBackendState(name));
    }

    private void Synced()
    {
        if (_sync.IsSynced) return;
        Timers.Cancel(SyncTimer);
        _table.MarkComplete();
        _sync.MarkSynced();
        _log.Info("Routing table synced with {0} backend entities", _table.Current.Backends.Length);
    }

    private sealed class SyncTick
    {
        public static readonly SyncTick Instance = new();
    }
}
