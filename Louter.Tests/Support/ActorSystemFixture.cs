using Akka.Actor;
using Akka.Streams;

namespace Louter.Tests.Support;

/// <summary>One actor system and materializer per test class (xunit class fixture), terminated at the end.</summary>
public sealed class ActorSystemFixture : IAsyncDisposable
{
    public ActorSystemFixture()
    {
        System = ActorSystem.Create("louter-tests", "akka.loglevel = WARNING");
        Materializer = System.Materializer();
    }

    public ActorSystem System { get; }

    public ActorMaterializer Materializer { get; }

    public async ValueTask DisposeAsync()
    {
        Materializer.Dispose();
        await System.Terminate();
    }
}
