using System.Globalization;
using System.Text;
using System.Text.Json;
using Louter.Host.Observability.RequestLog;

namespace Louter.Host.Cli;

/// <summary>The text <c>louter logs</c> prints: one line per request (plus tools and bodies when asked), and the statistics table.</summary>
internal static class LogsText
{
    /// <summary><c>2025-03-01T12:00:00.123Z req_… openai gpt-4o → cloud/gpt-4o-2024 200 stream ttft=120ms e2e=900ms in=12 out=40</c></summary>
    public static string Entry(LoggedRequest e, bool tools, bool bodies)
    {
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"{e.Timestamp?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) ?? "-"} {e.RequestId} {e.Frontend} {e.Model ?? "-"}");
        if (e.Backend is not null) s.Append(CultureInfo.InvariantCulture, $" → {e.Backend}/{e.BackendModel ?? e.Model}");
        s.Append(CultureInfo.InvariantCulture, $" {e.Status}{(e.Stream ? " stream" : "")}");
        if (e.TtftMs is { } ttft) s.Append(CultureInfo.InvariantCulture, $" ttft={ttft:0.#}ms");
        if (e.E2eMs is { } e2e) s.Append(CultureInfo.InvariantCulture, $" e2e={e2e:0.#}ms");
        if (e.InputTokens is { } input) s.Append(CultureInfo.InvariantCulture, $" in={input}");
        if (e.OutputTokens is { } output) s.Append(CultureInfo.InvariantCulture, $" out={output}");
        if (e.Retries > 0) s.Append(CultureInfo.InvariantCulture, $" retries={e.Retries}");
        if (e.ErrorType is not null) s.Append(CultureInfo.InvariantCulture, $" {e.ErrorType}: {e.Error}");
        s.AppendLine();
        if (tools)
        {
            var definitions = ToolCalls.Definitions(e.RequestBody);
            if (definitions.Count > 0) s.AppendLine(CultureInfo.InvariantCulture, $"  tools: {string.Join(", ", definitions)}");
            foreach (var call in ToolCalls.Calls(e.ResponseBody)) s.AppendLine(CultureInfo.InvariantCulture, $"  call:  {call.Name}({call.Arguments})");
        }

        if (bodies)
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"  request:  {Body(e.RequestBody)}");
            s.AppendLine(CultureInfo.InvariantCulture, $"  response: {Body(e.ResponseBody)}");
        }

        return s.ToString();
    }

    public static string Stats(RequestLogStats.Report report)
    {
        var s = new StringBuilder();
        var all = report.All;
        s.AppendLine(CultureInfo.InvariantCulture, $"{all.Requests} requests, {all.Errors} errors ({all.ErrorRate:0.##%}), {all.InputTokensTotal} input and {all.OutputTokensTotal} output tokens");
        s.AppendLine();
        s.AppendLine("percentiles p50/p90/p99   requests  errors  e2e ms              ttft ms             tps            in tokens       out tokens");
        Row(s, "all", all);
        foreach (var (model, group) in report.ByModel) Row(s, $"model {model}", group);
        foreach (var (backend, group) in report.ByBackend) Row(s, $"backend {backend}", group);
        return s.ToString();
    }

    private static void Row(StringBuilder s, string name, RequestLogStats.Group g) =>
        s.AppendLine(CultureInfo.InvariantCulture,
            $"{name,-26}{g.Requests,8}{g.Errors,8}  {P(g.E2eMs),-20}{P(g.TtftMs),-20}{P(g.Tps),-15}{P(g.InputTokens),-16}{P(g.OutputTokens)}");

    private static string P(RequestLogStats.Percentiles? p) =>
        p is null ? "-" : string.Create(CultureInfo.InvariantCulture, $"{p.P50:0.#}/{p.P90:0.#}/{p.P99:0.#}");

    private static string Body(JsonElement? body) => body switch
    {
        null => "(not captured)",
        { ValueKind: JsonValueKind.String } text => text.GetString()!.ReplaceLineEndings("\n            "),
        { } json => json.GetRawText(),
    };
}
