namespace Louter.Host.Config;

/// <summary>
/// Binds [logging]: level, format, levels, and the request log (request_log, sample_rate, capture,
/// rotate_size, rotate_interval, retention, queue_capacity).
/// </summary>
internal static class LoggingBinder
{
    public static LoggingConfig Bind(TomlSection section)
    {
        var defaults = new LoggingConfig();
        var (retainFiles, retainFor) = BindRetention(section, defaults);
        var config = new LoggingConfig
        {
            Level = section.TryGetChoice("level", ConfigNames.LogLevels, out var level) ? level : defaults.Level,
            Format = section.TryGetChoice("format", ConfigNames.LogFormats, out var format) ? format : defaults.Format,
            Levels = section.GetTable("levels") is { } levels ? BindLevels(levels) : defaults.Levels,
            RequestLog = section.GetNonEmptyString("request_log"),
            SampleRate = section.GetNumber("sample_rate", 0, 1) ?? defaults.SampleRate,
            Capture = section.TryGetChoice("capture", ConfigNames.RequestLogCaptures, out var capture) ? capture : defaults.Capture,
            RotateSize = section.GetByteSize("rotate_size") ?? defaults.RotateSize,
            RotateInterval = section.GetDuration("rotate_interval", allowZero: false) ?? defaults.RotateInterval,
            RetainFiles = retainFiles,
            RetainFor = retainFor,
            QueueCapacity = (int)(section.GetInteger("queue_capacity", 1, 10_000_000) ?? defaults.QueueCapacity),
        };
        section.ReportUnknownKeys();
        return config;
    }

    /// <summary>retention = 10 keeps that many rotated files; retention = "7d" deletes rotated files older than that.</summary>
    private static (int? Files, TimeSpan? Age) BindRetention(TomlSection section, LoggingConfig defaults)
    {
        if (!section.Contains("retention")) return (defaults.RetainFiles, defaults.RetainFor);
        if (section.IsString("retention"))
        {
            return section.GetDuration("retention", allowZero: false) is { } age ? (null, age) : (defaults.RetainFiles, defaults.RetainFor);
        }

        return section.GetInteger("retention", 1, 100_000) is { } files ? ((int)files, null) : (defaults.RetainFiles, defaults.RetainFor);
    }

    /// <summary>
    /// Category → level. Categories are dotted .NET names, so they must be quoted:
    /// <c>"Louter.Host.Hosting.GatewayRuntime" = "debug"</c>. Unquoted, TOML reads a nested table,
    /// which the type error then explains.
    /// </summary>
    private static Dictionary<string, string> BindLevels(TomlSection levels)
    {
        levels.KeysAreNames = true;
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var category in levels.Keys.ToList())
        {
            if (category.Trim().Length == 0)
            {
                levels.Error(category, "a logger category must not be empty");
                continue;
            }

            if (levels.TryGetChoice(category, ConfigNames.CategoryLogLevels, out var level)) result[category] = level;
        }

        return result;
    }
}
