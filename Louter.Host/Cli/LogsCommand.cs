using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Louter.Host.Config;
using Louter.Host.Observability.RequestLog;

namespace Louter.Host.Cli;

/// <summary>
/// <c>louter logs FILE [--since 1h|TIMESTAMP] [--model M] [--backend B] [--errors] [--tools] [--bodies] [--stats] [--json]</c>:
/// reads a request log (FILE and the files rotated out of it, oldest first), filters it, and prints
/// one line per request, the tools and tool calls of each, the captured request/response pairs, or
/// statistics. Malformed lines are skipped and counted on stderr. Exit 0, or 2 when there is nothing to read.
/// </summary>
internal static class LogsCommand
{
    public const int CannotRun = 2;

    private sealed record Filter(DateTimeOffset? Since, string? Model, string? Backend, bool Errors, bool Tools)
    {
        public bool Matches(LoggedRequest e) =>
            (Since is null || e.Timestamp >= Since)
            && (Model is null || e.Model == Model || e.BackendModel == Model)
            && (Backend is null || e.Backend == Backend)
            && (!Errors || e.IsError)
            && (!Tools || ToolCalls.Definitions(e.RequestBody).Count > 0 || ToolCalls.Calls(e.ResponseBody).Count > 0);
    }

    private sealed record Output(bool Tools, bool Bodies, bool Stats, bool Json);

    public static Command Create(TextWriter stdout, TextWriter stderr, TimeProvider? time = null)
    {
        var file = new Argument<string>("FILE") { Description = "The request log ([logging] request_log); its rotated files are read too." };
        var since = new Option<string?>("--since") { Description = "Only requests since a duration ago (\"1h\", \"30m\") or a time (\"2025-03-01T12:00:00Z\")." };
        var model = new Option<string?>("--model", "-m") { Description = "Only requests for this model (the client's name or the backend's)." };
        var backend = new Option<string?>("--backend", "-b") { Description = "Only requests served by this backend." };
        var errors = new Option<bool>("--errors") { Description = "Only failed requests (status 400 or more, or an error after the answer began)." };
        var tools = new Option<bool>("--tools") { Description = "Only requests with tools, and show the tools declared and the calls made (needs capture = \"full\")." };
        var bodies = new Option<bool>("--bodies") { Description = "Show each request body and its response body (needs capture = \"full\")." };
        var stats = new Option<bool>("--stats") { Description = "Print counts, error rate, and latency and token percentiles, overall, by model and by backend." };
        var json = new Option<bool>("--json") { Description = "Print the matching lines as they are (JSON Lines), or the statistics as JSON." };
        var command = new Command("logs", "Read a request log: filter it, show tool calls and request/response pairs, or print statistics.")
        {
            file, since, model, backend, errors, tools, bodies, stats, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!TryParseSince(parse.GetValue(since), (time ?? TimeProvider.System).GetUtcNow(), out var from, out var problem))
            {
                await stderr.WriteLineAsync($"louter logs: --since: {problem}");
                return CannotRun;
            }

            var filter = new Filter(from, parse.GetValue(model), parse.GetValue(backend), parse.GetValue(errors), parse.GetValue(tools));
            var output = new Output(parse.GetValue(tools), parse.GetValue(bodies), parse.GetValue(stats), parse.GetValue(json));
            return await RunAsync(parse.GetValue(file)!, filter, output, stdout, stderr, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(string path, Filter filter, Output output, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var reader = new RequestLogReader(path);
        if (reader.Files().Count == 0)
        {
            await stderr.WriteLineAsync($"louter logs: {path}: no such file (nor any file rotated out of it)");
            return CannotRun;
        }

        var stats = new RequestLogStats();
        await foreach (var (entry, line) in reader.ReadAsync(cancellationToken))
        {
            if (!filter.Matches(entry)) continue;
            if (output.Stats) stats.Add(entry);
            else if (output.Json) await stdout.WriteLineAsync(line);
            else await stdout.WriteAsync(LogsText.Entry(entry, output.Tools, output.Bodies));
        }

        if (output.Stats)
        {
            var report = stats.Build(reader.Malformed);
            await stdout.WriteLineAsync(output.Json
                ? JsonSerializer.Serialize(report, RequestLogJsonContext.Default.Report)
                : LogsText.Stats(report).TrimEnd());
        }

        if (reader.Malformed > 0) await stderr.WriteLineAsync($"louter logs: skipped {reader.Malformed} malformed line(s)");
        return 0;
    }

    private static bool TryParseSince(string? text, DateTimeOffset now, out DateTimeOffset? since, out string problem)
    {
        since = null;
        problem = "";
        if (text is null) return true;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            since = at;
            return true;
        }

        if (DurationParser.TryParse(text, out var ago, out problem))
        {
            since = now - ago;
            return true;
        }

        problem = $"\"{text}\" is neither a duration (\"1h\", \"30m\") nor a time (\"2025-03-01T12:00:00Z\")";
        return false;
    }
}
