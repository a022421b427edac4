using Louter.Actors.Routing;
using Louter.Streams.Metrics;
using Prometheus;
using Louter.Host.Admin;
using Louter.Host.Config;
using Louter.Host.Frontends;
using Louter.Host.Health;
using Louter.Host.Observability.RequestLog;
using Louter.Host.Observability.Tracing;
using Louter.Host.Responses;
using Louter.Streams.Protocols.Responses;
using Louter.Streams.Backends;
using Louter.Streams.Media;
using Louter.Streams.Routing;
using Louter.Streams.Routing.Balancing;

namespace Louter.Host.Hosting;

/// <summary>
/// Builds the gateway process from a validated config: Kestrel on [server] listen, logging from
/// [logging], the actor system, and the HTTP surface (frontends, admin API, health).
/// </summary>
public static class LouterApp
{
    public static WebApplication Build(LouterConfig config, LouterAppOptions? options = null)
    {
        options ??= new LouterAppOptions();
        var time = options.Time ?? TimeProvider.System;

        // Content root = the install folder, not the working directory: no appsettings.json of the
        // user's current folder leaks into Louter's settings, and no file watcher sits on the data dir.
        // Louter's settings are the TOML file, read once; reloadConfigOnChange=false spares the
        // watcher thread (and its inotify handle) that would otherwise wait for an appsettings.json.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
            ContentRootPath = AppContext.BaseDirectory,
        });
        LoggingSetup.Configure(builder.Logging, config.Logging);
        options.ConfigureLogging?.Invoke(builder.Logging);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            ListenEndpoint.Apply(kestrel, config.Server.Listen);
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = config.Server.MaxRequestBodyBytes;
        });

        var journal = Persistence.Prepare(config);
        var holder = new RoutingTableHolder(RoutingTable.Create(BackendDescriptors.From(config), isComplete: false));

        var services = builder.Services;
        services.AddSingleton(config);
        services.AddSingleton(options);
        services.AddSingleton(time);
        services.AddSingleton(holder);
        services.AddSingleton<IRoutingTableSource>(holder);
        services.AddSingleton<RoutingSyncStatus>();
        // One load tracker per node: every attempt reports to it, least-connections and latency read it.
        var load = new BackendLoad(time);
        // The reason for a decision is only ever logged at debug: below that level it is not formatted per request.
        services.AddSingleton(sp => new Router(
            BackendDescriptors.RoutingOptions(config) with { Explain = sp.GetRequiredService<ILogger<GatewayRuntime>>().IsEnabled(LogLevel.Debug) },
            load,
            options.Random ?? System.Random.Shared.NextDouble));
        services.AddSingleton(new BackendTransports(time, options.BackendHandler, new MediaUrlPolicy
        {
            Fetch = config.Server.FetchMediaUrls,
            MaxBytes = config.Server.MediaFetchMaxBytes,
            AllowPrivateAddresses = config.Server.AllowPrivateMediaUrls,
        })
        {
            Metrics = config.Metrics.Enabled,
            Observer = config.Metrics.Enabled ? new AttemptObservers([new AttemptMetrics(), load]) : load,
            Retry = new RetryPolicy
            {
                MaxAttempts = config.Retries.MaxAttempts,
                RetryOn = config.Retries.RetryOn.ToHashSet(),
                Backoff = config.Retries.Backoff,
                MaxBackoff = config.Retries.MaxBackoff,
                Deadline = config.Retries.Deadline,
            },
        });
        services.AddSingleton(new GatewayLimits(config.Server.MaxRequestBodyBytes));
        services.AddSingleton<RequestStreams>();
        services.AddHostedService(sp => sp.GetRequiredService<RequestStreams>());
        services.AddSingleton<GatewayRuntime>();
        // Registered before the Akka and web hosts, so it stops after them: in-flight requests finish, then the queue drains.
        services.AddSingleton(sp => new RequestLogWriter(config.Logging, time, options.Random ?? System.Random.Shared.NextDouble, sp.GetRequiredService<ILogger<RequestLogWriter>>()));
        services.AddHostedService(sp => sp.GetRequiredService<RequestLogWriter>());
        if (config.Responses.Store)
        {
            services.AddSingleton(sp => new SqlResponseStore(config, journal, time, sp.GetRequiredService<ILogger<SqlResponseStore>>()));
            services.AddSingleton<IResponseStore>(sp => sp.GetRequiredService<SqlResponseStore>());
            services.AddHostedService(sp => sp.GetRequiredService<SqlResponseStore>());
        }
        else
        {
            services.AddSingleton<IResponseStore>(new NoResponseStore());
        }
        services.AddHostedService<StartupReporter>();
        services.AddLouterTracing(config.Tracing);
        services.AddLouterAkka(config, journal);

        var app = builder.Build();
        app.UseMiddleware<RequestIdMiddleware>();
        app.MapOpenAI();
        app.MapAnthropic();
        app.MapGemini();
        app.MapResponses();
        app.MapModels(holder);
        app.MapAdmin(config.Auth.AdminToken);
        app.MapHealth();
        if (config.Metrics.Enabled) app.MapMetrics("/metrics", LouterMetrics.Registry);
        app.MapFallback(OpenAIEndpoints.NotFoundAsync);
        return app;
    }

    /// <summary>The first address Kestrel bound (after start), e.g. "http://127.0.0.1:43117".</summary>
    public static Uri BoundAddress(WebApplication app) =>
        new(app.Urls.First());
}
