namespace Louter.Host.Config;

/// <summary>Binds [retries]: max_attempts, retry_on, backoff, max_backoff, deadline.</summary>
internal static class RetriesBinder
{
    public static RetriesConfig Bind(TomlSection section)
    {
        var defaults = new RetriesConfig();
        var config = new RetriesConfig
        {
            MaxAttempts = (int)(section.GetInteger("max_attempts", 1, 10) ?? defaults.MaxAttempts),
            RetryOn = section.GetIntegerArray("retry_on", 400, 599)?.Select(n => (int)n).ToList() ?? defaults.RetryOn,
            Backoff = section.GetDuration("backoff") ?? defaults.Backoff,
            MaxBackoff = section.GetDuration("max_backoff") ?? defaults.MaxBackoff,
            Deadline = section.GetDuration("deadline", allowZero: false) ?? defaults.Deadline,
        };
        section.ReportUnknownKeys();
        return config;
    }
}
