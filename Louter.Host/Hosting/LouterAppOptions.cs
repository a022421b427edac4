namespace Louter.Host.Hosting;

/// <summary>Seams for tests and embedders; the CLI uses the defaults, plus <see cref="ReleaseStartupMemory"/>.</summary>
public sealed record LouterAppOptions
{
    /// <summary>Clock for timeouts and timestamps. Default: <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider? Time { get; init; }

    /// <summary>Replaces the pooled HTTP handler used for real backends (tests).</summary>
    public HttpMessageHandler? BackendHandler { get; init; }

    /// <summary>Randomness for load balancing (weighted draws, latency exploration): uniform in [0, 1). Default: Random.Shared.</summary>
    public Func<double>? Random { get; init; }

    /// <summary>Adds to (after) the logging set up from [logging].</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; init; }

    /// <summary>
    /// Once the node is ready, one blocking compacting collection hands the start-up garbage back
    /// to the OS (see <see cref="StartupReporter"/>). The CLI turns it on; it is off here so that
    /// an embedder's process, or a test host running many gateways, is not collected under it.
    /// </summary>
    public bool ReleaseStartupMemory { get; init; }
}
