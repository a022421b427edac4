using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Louter.Tests.EndToEnd.Support;

/// <summary>
/// Writes each log entry with the app's own JSON console formatter (its options, its scopes) into
/// memory instead of stdout: the lines are exactly what <c>format = "json"</c> prints.
/// Install with <see cref="Install"/> from <c>LouterAppOptions.ConfigureLogging</c>.
/// </summary>
public sealed class JsonLogCapture : ILoggerProvider, ISupportExternalScope
{
    private ConsoleFormatter? _formatter;
    private IExternalScopeProvider? _scopes;

    public ConcurrentQueue<JsonElement> Lines { get; } = new();

    /// <summary>Replaces the console provider with this one, formatting through the registered JSON formatter.</summary>
    public void Install(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.Services.AddSingleton<ILoggerProvider>(sp =>
        {
            _formatter = sp.GetServices<ConsoleFormatter>().Single(f => f.Name == ConsoleFormatterNames.Json);
            return this;
        });
    }

    /// <summary>Waits (bounded) for a line that matches.</summary>
    public async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> match, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        while (true)
        {
            foreach (var line in Lines)
            {
                if (match(line)) return line;
            }
            await Task.Delay(20, timeout.Token);
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose() { }

    private sealed class Logger(JsonLogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null; // scopes come from the factory's provider

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            using var writer = new StringWriter();
            owner._formatter!.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), owner._scopes, writer);
            using var doc = JsonDocument.Parse(writer.ToString());
            owner.Lines.Enqueue(doc.RootElement.Clone());
        }
    }
}
