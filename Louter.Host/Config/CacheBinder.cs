namespace Louter.Host.Config;

/// <summary>Binds [cache]: enabled, backend, redis_url, ttl_seconds, max_memory_mb, exclude_streaming.</summary>
internal static class CacheBinder
{
    public static CacheConfig Bind(TomlSection section, Func<string, string?> env)
    {
        var defaults = new CacheConfig();
        var config = new CacheConfig
        {
            Enabled = section.GetBool("enabled") ?? defaults.Enabled,
            Backend = section.TryGetChoice("backend", ConfigNames.StateBackends, out var backend) ? backend : defaults.Backend,
            RedisUrl = section.GetSecret("redis_url", env),
            TtlSeconds = section.GetInteger("ttl_seconds", 1) ?? defaults.TtlSeconds,
            MaxMemoryMb = section.GetInteger("max_memory_mb", 1) ?? defaults.MaxMemoryMb,
            ExcludeStreaming = section.GetBool("exclude_streaming") ?? defaults.ExcludeStreaming,
        };
        section.ReportUnknownKeys();
        return config;
    }
}
