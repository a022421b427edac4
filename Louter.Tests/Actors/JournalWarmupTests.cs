using Akka.Actor;
using Louter.Actors.Persistence;
using Louter.Tests.Support;
using Xunit;

namespace Louter.Tests.Actors;

public sealed class JournalWarmupTests
{
    [Fact]
    public async Task Warmup_RecoversItsEmptyId_ThenStops()
    {
        using var system = ActorSystem.Create("journal-warmup", """
            akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
            akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
            akka.loglevel = WARNING
            """);

        var warmup = system.ActorOf(JournalWarmup.Props(), "journal-warmup");

        // An actor that stayed after its recovery would live for the whole process.
        Assert.True(await warmup.WatchAsync(TestContext.Current.CancellationToken).Within(10));
        await system.Terminate().Within(10);
    }
}
