using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Hosting.Logging;
using Akka.Streams;

namespace Louter.Host.Hosting;

/// <summary>
/// The actor system the per-request graphs are materialised in: local only, apart from the
/// clustered system that holds the entities. Every materialisation creates an actor for its
/// interpreter, and under the cluster's remote provider each creation also looks up remote
/// deployment (with a shared lock and a HOCON parse of its deploy fallback): profiled, that was
/// about half of the materialisation cost. The graphs talk to the cluster only through routing's
/// immutable tables and the attempt observer, never by actor messages, so they lose nothing.
/// Terminated when the host is disposed, after the server has finished its requests.
/// <para>
/// Created when the host starts, before the server listens: <see cref="ActorSystem.Create(string, BootstrapSetup)"/>
/// blocks its thread until the system's logger answers, and that answer needs a thread-pool thread.
/// Created by the first request instead, with 32 requests arriving at once on a cold process, every
/// pool thread blocked on it (the creator waiting for the logger, the rest on the lazy's lock) and
/// nothing was served for ~5 s, until Akka's logger wait timed out.
/// </para>
/// </summary>
internal sealed class RequestStreams : IHostedService, IAsyncDisposable
{
    private static readonly Akka.Configuration.Config StreamsConfig = ConfigurationFactory.ParseString("""
        akka {
          loglevel = WARNING
          stdout-loglevel = WARNING
          loggers = ["Akka.Hosting.Logging.LoggerFactoryLogger, Akka.Hosting"]
          actor.provider = local
          # The graphs are fused into one interpreter each and never pass messages between streams.
          log-dead-letters = off
          log-dead-letters-during-shutdown = off
        }
        """);

    private readonly Lazy<(ActorSystem System, IMaterializer Materializer)> _system;

    public RequestStreams(ILoggerFactory loggers)
    {
        _system = new(() =>
        {
            var setup = BootstrapSetup.Create().WithConfig(StreamsConfig).And(new LoggerFactorySetup(loggers));
            var system = ActorSystem.Create("louter-requests", setup);
            return (system, system.Materializer(namePrefix: "request"));
        });
    }

    public IMaterializer Materializer => _system.Value.Materializer;

    /// <summary>Whether the request actor system exists yet.</summary>
    internal bool IsCreated => _system.IsValueCreated;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = _system.Value;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (!_system.IsValueCreated) return;
        var (system, _) = _system.Value;
        await system.Terminate().ConfigureAwait(false);
    }
}
