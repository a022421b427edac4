using System.Text;

namespace Louter.Host.Config;

/// <summary>
/// A one-screen description of a loaded config, for <c>louter check-config FILE</c>.
/// Never prints a secret: keys and tokens appear as "set", URLs lose user info and query strings
/// (both can carry credentials), and connection strings are not shown at all.
/// </summary>
public static class ConfigSummary
{
    // More mappings than this are counted, not listed, to keep the summary on one screen.
    private const int MaxListedMappings = 6;

    public static string Render(LouterConfig config)
    {
        var s = new StringBuilder();
        s.AppendLine($"config:       {config.SourcePath ?? "(built-in default)"}");
        s.AppendLine($"listen:       {config.Server.Listen}");
        s.AppendLine($"data dir:     {config.Server.DataDir}");
        s.AppendLine($"max body:     {ByteSizeParser.Format(config.Server.MaxRequestBodyBytes)}");
        s.AppendLine(config.Server.FetchMediaUrls
            ? $"media urls:   fetched when a backend cannot take them (up to {ByteSizeParser.Format(config.Server.MediaFetchMaxBytes)}, {(config.Server.AllowPrivateMediaUrls ? "private addresses allowed" : "public addresses only")})"
            : "media urls:   not fetched (a backend that cannot take a URL gets a 400)");
        s.AppendLine($"persistence:  {Persistence(config.Persistence)}");
        s.AppendLine($"admin api:    {(config.Auth.AdminToken is null ? "loopback clients only (no admin_token)" : "bearer token set")}");
        s.AppendLine($"logging:      {config.Logging.Level}, {ConfigNames.LogFormats.NameOf(config.Logging.Format)}");
        if (config.Logging.RequestLog is { } requestLog)
        {
            s.AppendLine($"request log:  {requestLog} (capture {ConfigNames.RequestLogCaptures.NameOf(config.Logging.Capture)}, sample rate {config.Logging.SampleRate:0.###})");
        }
        s.AppendLine($"routing:      {ConfigNames.RoutingStrategies.NameOf(config.Routing.Strategy)}, {ConfigNames.LoadBalancings.NameOf(config.Routing.LoadBalancing)}"
            + (config.Routing.PreferTextModel ? ", prefer text model" : ""));
        if (config.Tracing?.OtlpEndpoint is { } otlp)
            s.AppendLine(FormattableString.Invariant($"tracing:      OTLP/HTTP to {SafeUrl(otlp)}, sample ratio {config.Tracing.SampleRatio}"));
        s.AppendLine($"backends:     {config.Backends.Count}");
        foreach (var backend in config.Backends)
        {
            AppendBackend(s, backend);
        }

        if (config.InactiveSections.Count > 0)
        {
            s.AppendLine($"configured, not active yet: {string.Join(", ", config.InactiveSections)}");
        }

        return s.ToString();
    }

    private static string Persistence(PersistenceConfig p) =>
        p.Provider == PersistenceProvider.Sqlite && p.ConnectionString is null
            ? "sqlite (louter.db in the data dir)"
            : $"{ConfigNames.PersistenceProviders.NameOf(p.Provider)} (connection string set)";

    private static void AppendBackend(StringBuilder s, BackendConfig b)
    {
        var protocol = ConfigNames.Protocols.NameOf(b.Protocol);
        var url = b.Url is null ? "" : "  " + SafeUrl(b.Url);
        s.AppendLine($"  {b.Name}: {protocol}{url}");
        if (b.Protocol != BackendProtocolKind.Mock || b.ApiKey is not null)
        {
            s.AppendLine($"      api key: {(b.ApiKey is null ? "none" : "set")}");
        }

        s.AppendLine($"      models: {Models(b)}");
        s.AppendLine($"      capabilities: {(b.Capabilities.Count == 0 ? "any" : string.Join(", ", b.Capabilities))}"
            + (b.ContextWindow is { } window ? $", context window {window}" : "")
            + (b.Fallback is { } fallback ? $", fallback {fallback}" : ""));
        s.AppendLine($"      priority {b.Priority}, weight {b.Weight}, tool format {ConfigNames.ToolFormats.NameOf(b.ToolFormat)}, "
            + $"timeout {DurationParser.Format(b.Timeout)}, idle timeout {DurationParser.Format(b.IdleTimeout)}");
    }

    private static string Models(BackendConfig b)
    {
        var listed = b.Protocol == BackendProtocolKind.Mock && b.Models.Count > 0
            ? $"lists {string.Join(", ", b.Models)}; "
            : "";
        if (b.ModelMapping.Count == 0)
        {
            return listed + "any model name, passed through";
        }

        var pairs = b.ModelMapping.Take(MaxListedMappings).Select(m => m.Key == m.Value ? m.Key : $"{m.Key} -> {m.Value}");
        var more = b.ModelMapping.Count > MaxListedMappings ? $", ... ({b.ModelMapping.Count} in all)" : "";
        return $"{listed}{b.ModelMapping.Count} mapped: {string.Join(", ", pairs)}{more}";
    }

    /// <summary>scheme://host[:port]/path — the parts that say where, without the parts that may hold credentials.</summary>
    internal static string SafeUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return "(not a valid URL)";
        }

        var safe = uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);

        // Uri adds "/" to a bare host; show the URL as the user wrote it.
        return uri.AbsolutePath == "/" && !url.Split('?', '#')[0].EndsWith('/') ? safe.TrimEnd('/') : safe;
    }
}
