using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Akka.Persistence;

namespace Louter.Actors.Backends;

/// <summary>
/// One backend's persistent state (sharded by backend name): persists events, applies them,
/// replies, publishes the new state to every node's routing table, and snapshots every
/// <see cref="SnapshotEvery"/> events. All decisions live in <see cref="BackendState"/>.
/// </summary>
public sealed class BackendEntity : ReceivePersistentActor
{
    /// <summary>The pub-sub topic on which every backend's state changes are published.</summary>
    public const string StateTopic = "louter.backend-state";

    private const int SnapshotEvery = 100;

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IActorRef _mediator;
    private BackendState _state;

    public BackendEntity(string backendName)
    {
        PersistenceId = "backend-" + backendName;
        _state = BackendState.Initial(backendName);
        _mediator = DistributedPubSub.Get(Context.System).Mediator;

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is BackendState snapshot) _state = snapshot;
        });
        Recover<IBackendEvent>(e => _state = _state.Apply(e));
        Recover<RecoveryCompleted>(_ => Publish());

        Command<ForceCircuit>(Handle);
        Command<GetBackendState>(_ => Sender.Tell(_state.Published()));
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "Snapshot of backend {0} failed", _state.Name));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => _log.Warning(f.Cause, "Deleting old snapshots of backend {0} failed", _state.Name));
    }

    public override string PersistenceId { get; }

    public static Props Props(string backendName) => Akka.Actor.Props.Create(() => new BackendEntity(backendName));

    private void Handle(ForceCircuit command)
    {
        var events = _state.Decide(command);
        if (events.Count == 0)
        {
            Sender.Tell(_state.Published());
            return;
        }

        var replyTo = Sender;
        var remaining = events.Count;
        PersistAll(events, e =>
        {
            _state = _state.Apply(e);
            if (LastSequenceNr % SnapshotEvery == 0) SaveSnapshot(_state);
            if (--remaining > 0) return;

            _log.Info("Backend {0}: circuit override is now {1}", _state.Name, _state.Forced);
            Publish();
            replyTo.Tell(_state.Published());
        });
    }

    private void Publish() => _mediator.Tell(new Publish(StateTopic, _state.Published()));
}
