namespace Louter.Host.Config;

/// <summary>Binds [logging]: level, format, request_log, sample_rate.</summary>
internal static class LoggingBinder
{
    public static LoggingConfig Bind(TomlSection section)
    {
        var defaults = new LoggingConfig();
        var config = new LoggingConfig
        {
            Level = section.TryGetChoice("level", ConfigNames.LogLevels, out var level) ? level : defaults.Level,
            Format = section.TryGetChoice("format", ConfigNames.LogFormats, out var format) ? format : defaults.Format,
            RequestLog = section.GetNonEmptyString("request_log"),
            SampleRate = section.GetNumber("sample_rate", 0, 1) ?? defaults.SampleRate,
        };
        section.ReportUnknownKeys();
        return config;
    }
}
