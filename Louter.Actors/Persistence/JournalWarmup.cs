using Akka.Actor;
using Akka.Persistence;

namespace Louter.Actors.Persistence;

/// <summary>
/// Recovers an empty persistence id once at start, then stops: the journal's and snapshot store's
/// first connection, table check and query compilation (the SQL plugin's first recovery costs most of
/// a second on a cold process) happen while the cluster forms, not in the first backend entity's
/// recovery that readiness waits for. Reads only; writes nothing.
/// </summary>
public sealed class JournalWarmup : ReceivePersistentActor
{
    public const string Id = "louter.journal-warmup";

    public JournalWarmup() => Recover<RecoveryCompleted>(_ => Context.Stop(Self));

    public override string PersistenceId => Id;

    public static Props Props() => Akka.Actor.Props.Create(() => new JournalWarmup());
}
