using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Akka.Persistence.Sql.Hosting;
using Akka.Remote.Hosting;
using LinqToDB;
using Louter.Actors.Backends;
using Louter.Actors.Routing;
using Louter.Actors.Serialization;
using Louter.Host.Config;
using Louter.Streams.Backends;
using Louter.Streams.Routing;

namespace Louter.Host.Hosting;

/// <summary>
/// The actor system, wired with Akka.Hosting (every setting it implies is listed in HOCON.md):
/// remoting on loopback with an OS-assigned port, a cluster that joins itself, SQL persistence,
/// the Backend shard region (health and circuit breakers; never passivated), distributed pub-sub for state changes, and the node's routing-table updater.
/// </summary>
internal static class AkkaSetup
{
    public const string SystemName = "louter";
    public const string Role = "louter";

    /// <summary>Registry key for the node's routing-table updater.</summary>
    public sealed class RoutingTableUpdaterKey;

    public static void AddLouterAkka(this IServiceCollection services, LouterConfig config, string journalConnectionString)
    {
        services.AddAkka(SystemName, (builder, provider) =>
        {
            var holder = provider.GetRequiredService<RoutingTableHolder>();
            var sync = provider.GetRequiredService<RoutingSyncStatus>();
            var transports = provider.GetRequiredService<BackendTransports>();
            var health = new BackendHealthSettingsFactory(config, transports);

            builder
                .ConfigureLoggers(loggers =>
                {
                    // Akka filters before Microsoft.Extensions.Logging sees anything: give it the same level.
                    loggers.LogLevel = config.Logging.Level switch
                    {
                        "trace" or "debug" => Akka.Event.LogLevel.DebugLevel,
                        "warn" => Akka.Event.LogLevel.WarningLevel,
                        "error" => Akka.Event.LogLevel.ErrorLevel,
                        _ => Akka.Event.LogLevel.InfoLevel,
                    };
                    loggers.ClearLoggers();
                    loggers.AddLoggerFactory();
                })
                // Single node for now ([cluster] lands with the multi-node issue): loopback, any free port.
                .WithRemoting(hostname: "127.0.0.1", port: 0)
                .WithClustering(new ClusterOptions { Roles = [Role] })
                .WithSqlPersistence(
                    connectionString: journalConnectionString,
                    providerName: config.Persistence.Provider == PersistenceProvider.PostgreSql ? ProviderName.PostgreSQL15 : ProviderName.SQLiteMS,
                    autoInitialize: true)
                .WithCustomSerializer("louter", [typeof(ILouterMessage)], system => new LouterSerializer(system))
                // A region that starts before its coordinator retries registration after retry-interval
                // (default 2 s), which was most of a single node's time to ready. 200 ms costs nothing.
                .AddHocon("akka.cluster.sharding.retry-interval = 200ms", HoconAddMode.Prepend)
                .WithDistributedPubSub(Role)
                .WithShardRegion<BackendRegionKey>(
                    "backend",
                    name => BackendEntity.Props(name, health.For(name)),
                    new BackendMessageExtractor(),
                    new ShardOptions
                    {
                        Role = Role,
                        StateStoreMode = StateStoreMode.DData,
                        RememberEntities = false,
                        // Never passivated: an entity runs its backend's health checks and open timer,
                        // and there is one per configured backend (a handful), so idling them saves nothing.
                        ShouldPassivateIdleEntities = false,
                    })
                .WithActors((system, registry) =>
                {
                    var region = registry.Get<BackendRegionKey>();
                    // The passive health feed: every attempt's outcome goes to its backend's entity.
                    transports.Observer = new AttemptObservers([transports.Observer, new HealthObserver(region, holder)]);
                    var updater = system.ActorOf(RoutingTableUpdater.Props(region, holder, sync), "routing-table");
                    registry.Register<RoutingTableUpdaterKey>(updater);
                })
                .AddStartup((system, _) =>
                {
                    // The journal's cold start overlaps the cluster's forming (see JournalWarmup).
                    system.ActorOf(Louter.Actors.Persistence.JournalWarmup.Props(), "journal-warmup");
                    // No seed nodes: the node is its own cluster.
                    var cluster = Cluster.Get(system);
                    cluster.Join(cluster.SelfAddress);
                });
        });
    }
}
