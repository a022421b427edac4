using Louter.Streams.Routing;

namespace Louter.Host.Config;

/// <summary>Binds [backends.NAME] tables, in file order.</summary>
internal static class BackendBinder
{
    private static readonly string[] MockOnlyKeys = ["chunk_delay", "models"];
    private static readonly string[] PriceKeys = ["input", "output"];

    public static List<BackendConfig> BindAll(TomlSection backends, Func<string, string?> env)
    {
        var result = new List<BackendConfig>();
        var tables = new Dictionary<string, TomlSection>(StringComparer.Ordinal);
        foreach (var name in backends.Keys.ToList())
        {
            if (!IsValidName(name))
            {
                backends.Error(name, "a backend name must be non-empty and use only letters, digits, '_', '.' and '-'");
            }

            if (backends.GetTable(name) is { } table)
            {
                result.Add(Bind(name, table, env));
                tables[name] = table;
            }
        }

        CheckFallbacks(result, tables);
        return result;
    }

    /// <summary>Every fallback names another configured backend, and no chain comes back to where it started.</summary>
    private static void CheckFallbacks(List<BackendConfig> backends, Dictionary<string, TomlSection> tables)
    {
        var byName = backends.ToDictionary(b => b.Name, StringComparer.Ordinal);
        foreach (var backend in backends)
        {
            if (backend.Fallback is not { } first)
            {
                continue;
            }

            if (!byName.ContainsKey(first))
            {
                tables[backend.Name].Error("fallback", $"no backend is named \"{first}\"; configured backends: {string.Join(", ", byName.Keys)}{DidYouMean.Hint(first, byName.Keys)}");
                continue;
            }

            // Report each cycle once, at the backend that comes first in the file.
            var chain = new List<string> { backend.Name };
            for (var next = first; next is not null && byName.TryGetValue(next, out var b); next = b.Fallback)
            {
                if (chain.Contains(next))
                {
                    if (next == backend.Name && chain.All(n => backends.FindIndex(x => x.Name == n) >= backends.IndexOf(backend)))
                    {
                        tables[backend.Name].Error("fallback", $"fallback chains must not loop: {string.Join(" -> ", chain)} -> {next}");
                    }

                    break;
                }

                chain.Add(next);
            }
        }
    }

    private static BackendConfig Bind(string name, TomlSection t, Func<string, string?> env)
    {
        var defaults = new BackendConfig { Name = name };
        var protocolKnown = !t.Contains("protocol");
        var protocol = defaults.Protocol;
        if (t.TryGetChoice("protocol", ConfigNames.Protocols, out var p))
        {
            protocol = p;
            protocolKnown = true;
        }

        var isMock = protocol == BackendProtocolKind.Mock;
        var hasUrl = t.Contains("url");
        var url = t.GetHttpUrl("url");

        // With an unknown protocol we cannot tell whether a URL or the mock-only keys belong here; the protocol error says enough.
        if (protocolKnown && !isMock && !hasUrl)
        {
            t.Missing("url", "is required (the backend's base URL, e.g. \"http://localhost:8000/v1\"), unless protocol = \"mock\"");
        }

        var config = new BackendConfig
        {
            Name = name,
            Url = url,
            Protocol = protocol,
            ApiKey = t.GetSecret("api_key", env),
            ModelMapping = t.GetTable("model_mapping") is { } mapping ? BindModelMapping(mapping) : defaults.ModelMapping,
            Capabilities = BindCapabilities(t) ?? defaults.Capabilities,
            ToolFormat = t.TryGetChoice("tool_format", ConfigNames.ToolFormats, out var toolFormat) ? toolFormat : defaults.ToolFormat,
            Priority = (int)(t.GetInteger("priority", int.MinValue, int.MaxValue) ?? defaults.Priority),
            Weight = t.GetNumber("weight", 0, exclusiveMin: true) ?? defaults.Weight,
            ContextWindow = t.GetInteger("context_window", 1),
            Price = t.GetTable("price") is { } price ? BindPrice(price) : defaults.Price,
            Fallback = t.GetString("fallback"),
            MaxTokensField = t.TryGetChoice("max_tokens_field", ConfigNames.MaxTokensFields, out var field) ? field : defaults.MaxTokensField,
            HttpVersion = t.TryGetChoice("http_version", ConfigNames.HttpVersions, out var httpVersion) ? httpVersion : defaults.HttpVersion,
            Timeout = t.GetDuration("timeout", allowZero: false) ?? defaults.Timeout,
            IdleTimeout = t.GetDuration("idle_timeout", allowZero: false) ?? defaults.IdleTimeout,
            ChunkDelay = t.GetDuration("chunk_delay") ?? defaults.ChunkDelay,
            Models = t.GetStringArray("models") ?? defaults.Models,
            CircuitBreaker = BindCircuitBreaker(t),
            HealthCheck = t.GetTable("health_check") is { } check ? BindHealthCheck(check) : null,
        };

        if (protocolKnown && !isMock)
        {
            foreach (var key in MockOnlyKeys.Where(t.Contains))
            {
                t.Error(key, $"only applies to protocol = \"mock\" (this backend's protocol is \"{ConfigNames.Protocols.NameOf(protocol)}\")");
            }
        }

        t.ReportUnknownKeys();
        return config;
    }

    /// <summary>The circuit breaker keys sit on the backend itself, as the issue names them.</summary>
    private static CircuitBreakerConfig BindCircuitBreaker(TomlSection t)
    {
        var d = new CircuitBreakerConfig();
        var config = new CircuitBreakerConfig
        {
            FailureThreshold = (int)(t.GetInteger("failure_threshold", 1, 1_000_000) ?? d.FailureThreshold),
            FailureRate = t.GetNumber("failure_rate", 0, 1, exclusiveMin: true) ?? d.FailureRate,
            MinimumRequests = (int)(t.GetInteger("minimum_requests", 1, 1_000_000) ?? d.MinimumRequests),
            Window = t.GetDuration("window", allowZero: false) ?? d.Window,
            OpenDuration = t.GetDuration("open_duration", allowZero: false) ?? d.OpenDuration,
            HalfOpenProbes = (int)(t.GetInteger("half_open_probes", 1, 1000) ?? d.HalfOpenProbes),
        };

        // Unset, the cap is 5m — or open_duration itself when that is longer (no growth then).
        var max = t.GetDuration("max_open_duration", allowZero: false);
        config = config with { MaxOpenDuration = max ?? (config.OpenDuration > d.MaxOpenDuration ? config.OpenDuration : d.MaxOpenDuration) };
        if (max is not null && config.MaxOpenDuration < config.OpenDuration)
        {
            t.Error("max_open_duration", $"max_open_duration ({DurationParser.Format(config.MaxOpenDuration)}) must not be shorter than open_duration ({DurationParser.Format(config.OpenDuration)})");
        }

        return config;
    }

    private static HealthCheckConfig BindHealthCheck(TomlSection t)
    {
        var d = new HealthCheckConfig();
        var config = new HealthCheckConfig
        {
            Interval = t.GetDuration("interval", allowZero: false) ?? d.Interval,
            Timeout = t.GetDuration("timeout", allowZero: false) ?? d.Timeout,
            Path = t.GetNonEmptyString("path"),
        };

        if (config.Path is { } path && !path.StartsWith('/'))
        {
            t.Error("path", "must start with '/', e.g. \"/health\" (it is taken from the URL's host root)");
        }

        t.ReportUnknownKeys();
        return config;
    }

    /// <summary>Client-facing model name → the backend's model name. Both forms, inline and [backends.x.model_mapping], arrive here as a table.</summary>
    private static Dictionary<string, string> BindModelMapping(TomlSection mapping)
    {
        mapping.KeysAreNames = true;
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var from in mapping.Keys.ToList())
        {
            var to = mapping.GetString(from);
            if (to is null)
            {
                continue;
            }

            if (from.Trim().Length == 0 || to.Trim().Length == 0)
            {
                mapping.Error(from, "model names must not be empty");
                continue;
            }

            result[from] = to;
        }

        return result;
    }

    /// <summary>price = { input = USD per input token, output = USD per output token }, as in [cost_tracking.pricing].</summary>
    private static ModelPrice? BindPrice(TomlSection price)
    {
        var input = price.GetNumber("input", 0);
        var output = price.GetNumber("output", 0);
        foreach (var key in PriceKeys.Where(k => !price.Contains(k)))
        {
            price.Missing(key, "is required: the price in USD per token, e.g. { input = 0.00003, output = 0.00006 }");
        }

        price.ReportUnknownKeys();
        return input is { } i && output is { } o ? new ModelPrice(i, o) : null;
    }

    private static List<string>? BindCapabilities(TomlSection t)
    {
        var capabilities = t.GetStringArray("capabilities");
        if (capabilities is null)
        {
            return null;
        }

        var result = new List<string>();
        foreach (var capability in capabilities)
        {
            if (!Capabilities.TryParse(capability, out var flag))
            {
                t.Error("capabilities", $"unknown capability \"{capability}\"; expected any of: {string.Join(", ", ConfigNames.Capabilities)}{DidYouMean.Hint(capability, ConfigNames.Capabilities)}");
            }
            else if (Capabilities.NameOf(flag) is var canonical && !result.Contains(canonical))
            {
                // "tools" is kept as "function_calling", the name the rest of Louter shows.
                result.Add(canonical);
            }
        }

        return result;
    }

    private static bool IsValidName(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-');
}
