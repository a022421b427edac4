using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster;
using Louter.Actors.Routing;
using Louter.Host.Config;
using Louter.Streams.Routing;

namespace Louter.Host.Hosting;

/// <summary>
/// Says what the gateway set up, what it accepted but does not do yet, and when it became ready;
/// then, if <see cref="LouterAppOptions.ReleaseStartupMemory"/>, releases the start-up garbage.
/// </summary>
internal sealed partial class StartupReporter(
    LouterConfig config,
    LouterAppOptions options,
    IRoutingTableSource routing,
    RoutingSyncStatus sync,
    ActorSystem system,
    IHostApplicationLifetime lifetime,
    Microsoft.AspNetCore.Hosting.Server.IServer server,
    ILogger<StartupReporter> logger) : BackgroundService
{
    /// <summary>Set by Main as early as possible, so "ready in" covers the whole start.</summary>
    public static long ProcessStart { get; set; } = Stopwatch.GetTimestamp();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var section in config.InactiveSections) LogInactive(section);
        foreach (var backend in config.Backends)
        {
            // Parsed and validated now; the features that use them land with later issues.
            if (backend.Capabilities.Count > 0) LogInactive($"backends.{backend.Name}.capabilities (content-based routing)");
            if (backend.Weight != 1.0) LogInactive($"backends.{backend.Name}.weight (load balancing)");
            if (backend.ToolFormat == ToolFormat.Xml) LogInactive($"backends.{backend.Name}.tool_format = \"xml\" (XML tool-call parsing)");
        }
        foreach (var backend in routing.Current.Backends.Select(b => b.Descriptor).Where(_ => logger.IsEnabled(LogLevel.Information)))
            LogBackend(backend.Name, backend.Protocol, backend.DisplayUrl, backend.ModelMapping.Count == 0 ? "any model" : string.Join(", ", backend.ModelMapping.Keys));

        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Cluster.Get(system).RegisterOnMemberUp(() => up.TrySetResult());
        await Task.WhenAll(up.Task, sync.WhenSynced).WaitAsync(stoppingToken);

        var elapsed = Stopwatch.GetElapsedTime(ProcessStart).TotalMilliseconds;
        if (logger.IsEnabled(LogLevel.Information))
        {
            var addresses = server.Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses ?? [];
            var joined = string.Join(", ", addresses);
            LogReady(joined, elapsed);
        }

        if (options.ReleaseStartupMemory) ReleaseStartupMemory();
    }

    /// <summary>
    /// A start allocates about 43 MiB (Akka's config and extensions, the journal's linq2db queries
    /// compiled on recovery, the endpoints) of which about 4 MiB stays live. The GC keeps the pages
    /// of the rest committed for gen0 until new allocation triggers a collection, which an idle node
    /// never makes: they were about 16 MiB of the idle RSS (160 → 142 MiB with this and the other
    /// start-up savings; scripts/idle-rss.sh). One aggressive collection, blocking and compacting,
    /// decommits them; it takes 10–20 ms while the heap is this small, once per start. It leaves the
    /// gen0 budget alone, so under load the GC behaves as before.
    /// </summary>
    private void ReleaseStartupMemory()
    {
        var before = GC.GetTotalMemory(forceFullCollection: false);
        var started = Stopwatch.GetTimestamp();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var after = GC.GetTotalMemory(forceFullCollection: false);
        LogStartupMemoryReleased(before / 1024, after / 1024, elapsed);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Section} is configured, not active yet: this version accepts it and ignores it")]
    private partial void LogInactive(string section);

    [LoggerMessage(Level = LogLevel.Information, Message = "Backend {Name}: {Protocol} at {Url}, serves {Models}")]
    private partial void LogBackend(string name, BackendProtocol protocol, string url, string models);

    [LoggerMessage(Level = LogLevel.Information, Message = "Louter ready on {Urls} in {Milliseconds:0} ms")]
    private partial void LogReady(string urls, double milliseconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Start-up garbage released: managed heap {BeforeKiB} KiB -> {AfterKiB} KiB in {Milliseconds:0} ms")]
    private partial void LogStartupMemoryReleased(long beforeKiB, long afterKiB, double milliseconds);
}
