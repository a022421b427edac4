namespace Louter.Host.Config;

/// <summary>Binds the document root: dispatches each known section to its binder and lists what is configured but not built yet.</summary>
internal static class RootBinder
{
    public static LouterConfig Bind(TomlSection root, Func<string, string?> env)
    {
        var server = root.GetTable("server");
        var routing = root.GetTable("routing");
        var backends = root.GetTable("backends");
        var auth = root.GetTable("auth");
        var persistence = root.GetTable("persistence");
        var logging = root.GetTable("logging");
        var cache = root.GetTable("cache");
        var rateLimit = root.GetTable("rate_limit");
        var costTracking = root.GetTable("cost_tracking");
        var cluster = root.GetTable("cluster");
        var tracing = root.GetTable("tracing");
        var metrics = root.GetTable("metrics");
        var responses = root.GetTable("responses");
        var retries = root.GetTable("retries");
        root.ReportUnknownKeys();

        var config = new LouterConfig
        {
            Server = server is null ? new ServerConfig() : ServerBinder.Bind(server),
            Routing = routing is null ? new RoutingConfig() : RoutingBinder.Bind(routing),
            Backends = backends is null ? [] : BackendBinder.BindAll(backends, env),
            Auth = auth is null ? new AuthConfig() : AuthBinder.Bind(auth, env),
            Persistence = persistence is null ? new PersistenceConfig() : PersistenceBinder.Bind(persistence, env),
            Logging = logging is null ? new LoggingConfig() : LoggingBinder.Bind(logging),
            Cache = cache is null ? null : CacheBinder.Bind(cache, env),
            RateLimit = rateLimit is null ? null : RateLimitBinder.Bind(rateLimit),
            CostTracking = costTracking is null ? null : CostTrackingBinder.Bind(costTracking, env),
            Cluster = cluster is null ? null : ClusterBinder.Bind(cluster),
            Tracing = tracing is null ? null : TracingBinder.Bind(tracing),
            Metrics = metrics is null ? new MetricsConfig() : BindMetrics(metrics),
            Responses = responses is null ? new ResponsesConfig() : ResponsesBinder.Bind(responses),
            Retries = retries is null ? new RetriesConfig() : RetriesBinder.Bind(retries),
        };
        return config with { InactiveSections = InactiveSections(root, config) };
    }

    private static MetricsConfig BindMetrics(TomlSection section)
    {
        var config = new MetricsConfig { Enabled = section.GetBool("enabled") ?? true };
        section.ReportUnknownKeys();
        return config;
    }

    /// <summary>
    /// Sections and keys present in the file whose feature is not built yet, in file order, so
    /// start-up can say "configured, not active yet" instead of silently ignoring them.
    /// </summary>
    private static List<string> InactiveSections(TomlSection root, LouterConfig config)
    {
        var result = new List<string>();
        foreach (var key in root.Keys)
        {
            switch (key)
            {
                case "cache" or "rate_limit" or "cost_tracking" or "cluster":
                    result.Add($"[{key}]");
                    break;

                // admin_token is live; only client API keys (enabled = true) are still to come.
                case "auth" when config.Auth.Enabled:
                    result.Add("[auth] enabled");
                    break;
            }
        }

        return result;
    }
}
