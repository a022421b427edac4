using System.Globalization;
using System.Text.Json;
using Louter.Host.Cli;
using Xunit;

namespace Louter.Tests.Observability;

/// <summary><c>louter logs</c> over a written request log (with a rotated sibling and bad lines).</summary>
public sealed class LogsCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly string _path = Path.Combine(Directory.CreateTempSubdirectory("louter-logs-").FullName, "requests.jsonl");

    private static string Line(int i, string model, string backend, int status = 200, string? errorType = null, string extra = "") =>
        string.Create(CultureInfo.InvariantCulture,
            $$"""{"timestamp":"2025-03-01T12:{{i:00}}:00Z","request_id":"req_{{i}}","frontend":"openai","backend":"{{backend}}","model":"{{model}}","backend_model":"{{model}}-up","stream":true,"status":{{status}},"outcome":"success",{{(errorType is null ? "" : $"\"error_type\":\"{errorType}\",\"error\":\"boom\",")}}"retries":0,"ttft_ms":{{i * 10}},"e2e_ms":{{i * 100}},"input_tokens":{{i}},"output_tokens":{{i * 2}}{{extra}}}""");

    /// <summary>req_1..req_10 for model a on backend x (req_10 failed), req_11..12 for model b on y; 1–4 in a rotated file; two bad lines.</summary>
    private async Task WriteLogAsync()
    {
        var dir = Path.GetDirectoryName(_path)!;
        await File.WriteAllLinesAsync(Path.Combine(dir, "requests.20250301T120430Z.jsonl"), Enumerable.Range(1, 4).Select(i => Line(i, "a", "x")), Ct);
        var current = Enumerable.Range(5, 5).Select(i => Line(i, "a", "x")).ToList();
        current.Add("{\"request_id\": \"req_cut");
        current.Add(Line(10, "a", "x", 503, "unavailable"));
        current.Add("not json at all");
        current.Add("");
        current.Add(Line(11, "b", "y"));
        current.Add(Line(12, "b", "y", extra: ""","request_body":{"model":"b","tools":[{"type":"function","function":{"name":"lookup"}},{"name":"search"}]},"response_body":{"object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"lookup","arguments":"{\"q\":1}"}}]}}]}"""));
        await File.WriteAllLinesAsync(_path, current, Ct);
    }

    private async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await LouterCli.RunAsync(["logs", _path, .. args], stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static string[] Ids(string output) =>
        [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith(' ')).Select(l => l.Split(' ')[1])];

    [Fact]
    public async Task Logs_ReadsRotatedFilesFirst_AndSkipsMalformedLinesWithACount()
    {
        await WriteLogAsync();

        var (exit, output, errors) = await RunAsync();

        Assert.Equal(0, exit);
        Assert.Equal(Enumerable.Range(1, 12).Select(i => $"req_{i}"), Ids(output));
        Assert.Contains("2025-03-01T12:10:00.000Z req_10 openai a → x/a-up 503 stream ttft=100ms e2e=1000ms in=10 out=20 unavailable: boom", output, StringComparison.Ordinal);
        Assert.Contains("skipped 2 malformed line(s)", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_Filters_ByModelBackendErrorsAndSince()
    {
        await WriteLogAsync();

        Assert.Equal(["req_11", "req_12"], Ids((await RunAsync("--model", "b")).Out));
        Assert.Equal(["req_11", "req_12"], Ids((await RunAsync("--model", "b-up")).Out));
        Assert.Equal(["req_11", "req_12"], Ids((await RunAsync("--backend", "y")).Out));
        Assert.Equal(["req_10"], Ids((await RunAsync("--errors")).Out));
        Assert.Equal(["req_9", "req_10", "req_11", "req_12"], Ids((await RunAsync("--since", "2025-03-01T12:09:00Z")).Out));
        Assert.Equal(["req_10"], Ids((await RunAsync("--backend", "x", "--errors")).Out));
    }

    [Fact]
    public async Task Logs_Json_PrintsTheMatchingLinesAsTheyAre()
    {
        await WriteLogAsync();

        var (_, output, _) = await RunAsync("--errors", "--json");

        Assert.Equal(Line(10, "a", "x", 503, "unavailable"), output.Trim());
    }

    [Fact]
    public async Task Logs_Tools_ShowsDeclaredToolsAndCallsOfOnlyTheRequestsThatHaveThem()
    {
        await WriteLogAsync();

        var (_, output, _) = await RunAsync("--tools");

        Assert.Equal(["req_12"], Ids(output));
        Assert.Contains("  tools: lookup, search", output, StringComparison.Ordinal);
        Assert.Contains("""  call:  lookup({"q":1})""", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_Bodies_ShowsTheRequestResponsePair()
    {
        await WriteLogAsync();

        var (_, output, _) = await RunAsync("--bodies", "--model", "b");

        Assert.Contains("  request:  (not captured)", output, StringComparison.Ordinal);
        Assert.Contains("""  request:  {"model":"b","tools":""", output, StringComparison.Ordinal);
        Assert.Contains("""  response: {"object":"chat.completion",""", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_StatsJson_HasCountsErrorRateAndNearestRankPercentiles()
    {
        await WriteLogAsync();

        var (exit, output, _) = await RunAsync("--stats", "--json");

        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal(2, root.GetProperty("malformed_lines").GetInt32());
        var all = root.GetProperty("all");
        Assert.Equal(12, all.GetProperty("requests").GetInt32());
        Assert.Equal(1, all.GetProperty("errors").GetInt32());
        Assert.Equal(78, all.GetProperty("input_tokens_total").GetInt64());
        var a = root.GetProperty("by_model").GetProperty("a");
        Assert.Equal(10, a.GetProperty("requests").GetInt32());
        Assert.Equal(0.1, a.GetProperty("error_rate").GetDouble());
        Assert.Equal(500, a.GetProperty("e2e_ms").GetProperty("p50").GetDouble());
        Assert.Equal(900, a.GetProperty("e2e_ms").GetProperty("p90").GetDouble());
        Assert.Equal(1000, a.GetProperty("e2e_ms").GetProperty("p99").GetDouble());
        Assert.Equal(50, a.GetProperty("ttft_ms").GetProperty("p50").GetDouble());
        Assert.Equal(10, a.GetProperty("output_tokens").GetProperty("p50").GetDouble());
        var y = root.GetProperty("by_backend").GetProperty("y");
        Assert.Equal(2, y.GetProperty("requests").GetInt32());
        Assert.Equal(0, y.GetProperty("errors").GetInt32());
    }

    [Fact]
    public async Task Logs_StatsText_HasARowPerModelAndBackend()
    {
        await WriteLogAsync();

        var (_, output, _) = await RunAsync("--stats");

        Assert.StartsWith("12 requests, 1 errors (8.33%), 78 input and 156 output tokens", output, StringComparison.Ordinal);
        Assert.Contains("model a", output, StringComparison.Ordinal);
        Assert.Contains("backend y", output, StringComparison.Ordinal);
        Assert.Contains("500/900/1000", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_MissingFile_Exits2()
    {
        var (exit, _, errors) = await RunAsync();

        Assert.Equal(LogsCommand.CannotRun, exit);
        Assert.Contains("no such file", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_BadSince_Exits2()
    {
        await WriteLogAsync();

        var (exit, _, errors) = await RunAsync("--since", "yesterday");

        Assert.Equal(LogsCommand.CannotRun, exit);
        Assert.Contains("--since", errors, StringComparison.Ordinal);
    }
}
