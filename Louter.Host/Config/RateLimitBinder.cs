namespace Louter.Host.Config;

/// <summary>Binds [rate_limit] and [rate_limit.overrides].</summary>
internal static class RateLimitBinder
{
    public static RateLimitConfig Bind(TomlSection section)
    {
        var defaults = new RateLimitConfig();
        var config = new RateLimitConfig
        {
            Enabled = section.GetBool("enabled") ?? defaults.Enabled,
            Backend = section.TryGetChoice("backend", ConfigNames.StateBackends, out var backend) ? backend : defaults.Backend,
            RequestsPerMinute = section.GetInteger("requests_per_minute", 1),
            TokensPerMinute = section.GetInteger("tokens_per_minute", 1),
            BurstSize = section.GetInteger("burst_size", 1),
            PerApiKey = section.GetBool("per_api_key") ?? defaults.PerApiKey,
            Overrides = section.GetTable("overrides") is { } overrides ? BindOverrides(overrides) : defaults.Overrides,
        };
        section.ReportUnknownKeys();
        return config;
    }

    /// <summary>Route path or model name → requests per minute. Any name is allowed, so there are no unknown keys here.</summary>
    private static Dictionary<string, long> BindOverrides(TomlSection overrides)
    {
        overrides.KeysAreNames = true;
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var name in overrides.Keys.ToList())
        {
            if (overrides.GetInteger(name, 1) is { } limit)
            {
                result[name] = limit;
            }
        }

        return result;
    }
}
