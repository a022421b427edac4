using Louter.Host.Config;
using Microsoft.Extensions.Logging.Console;

namespace Louter.Host.Hosting;

/// <summary>Console logging from [logging]: format, level, per-category levels, request scopes.</summary>
internal static class LoggingSetup
{
    public static void Configure(ILoggingBuilder logging, LoggingConfig config)
    {
        logging.ClearProviders();
        // The host's default adds a SpanId/TraceId/ParentId scope to every line; RequestLogScope already
        // carries the trace id, and span ids mean nothing until traces are exported, so that scope goes.
        // (ASP.NET Core's own request scope stays: it also says "RequestId", Kestrel's connection-level
        // one, before Louter's scope — consumers that merge scopes innermost-last get Louter's.)
        logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.None);
        // IncludeScopes: RequestIdMiddleware's scope puts the request id and trace id on each line of a request.
        if (config.Format == LogFormat.Json)
        {
            logging.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.IncludeScopes = true;
            });
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
                o.ColorBehavior = LoggerColorBehavior.Disabled;
                o.IncludeScopes = true;
            });
        }

        var level = ToLogLevel(config.Level);
        logging.SetMinimumLevel(level);
        // Framework chatter stays at warning unless the operator asked for debug. ASP.NET Core's
        // hosting diagnostics log nothing above debug but, while their logger is enabled at all, start
        // an Activity and a scope for every request (~2 us each, profiled): off unless debugging.
        var framework = level <= LogLevel.Debug ? level : LogLevel.Warning;
        logging.AddFilter("Microsoft", framework);
        logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", level <= LogLevel.Debug ? level : LogLevel.None);
        logging.AddFilter("Microsoft.Hosting.Lifetime", level <= LogLevel.Information ? LogLevel.Information : level);

        // Added last: for a category named here as well as above ("Microsoft"), the later rule wins.
        foreach (var (category, categoryLevel) in config.Levels) logging.AddFilter(category, ToLogLevel(categoryLevel));
    }

    /// <summary>A level as [logging] spells it (validated at load) → Microsoft.Extensions.Logging's.</summary>
    public static LogLevel ToLogLevel(string level) => level switch
    {
        "trace" => LogLevel.Trace,
        "debug" => LogLevel.Debug,
        "warn" => LogLevel.Warning,
        "error" => LogLevel.Error,
        "off" => LogLevel.None,
        _ => LogLevel.Information,
    };
}
