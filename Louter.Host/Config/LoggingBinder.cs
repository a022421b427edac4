namespace Louter.Host.Config;

/// <summary>Binds [logging]: level, format, levels, request_log, sample_rate.</summary>
internal static class LoggingBinder
{
    public static LoggingConfig Bind(TomlSection section)
    {
        var defaults = new LoggingConfig();
        var config = new LoggingConfig
        {
            Level = section.TryGetChoice("level", ConfigNames.LogLevels, out var level) ? level : defaults.Level,
            Format = section.TryGetChoice("format", ConfigNames.LogFormats, out var format) ? format : defaults.Format,
            Levels = section.GetTable("levels") is { } levels ? BindLevels(levels) : defaults.Levels,
            RequestLog = section.GetNonEmptyString("request_log"),
            SampleRate = section.GetNumber("sample_rate", 0, 1) ?? defaults.SampleRate,
        };
        section.ReportUnknownKeys();
        return config;
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
