using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Louter.Benchmarks.Load;

/// <summary>What wrk measured for one target in one scenario.</summary>
internal sealed record WrkResult(double RequestsPerSecond, double P50Ms, double P99Ms, long Requests, long Errors, string Command);

/// <summary>
/// Runs <c>wrk --latency</c> with a Lua script that POSTs the target's JSON body, and reads
/// requests/s, the 50th and 99th latency percentiles and the error counts from its output. The
/// process is bounded by wrk's own duration and killed if it overruns it by 30 s.
/// </summary>
internal static partial class WrkRunner
{
    public static async Task<WrkResult> RunAsync(Target target, int connections, TimeSpan duration, string workDir, bool stream = false)
    {
        var safeName = new string(target.Name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
        var script = Path.Combine(workDir, $"wrk-{safeName}-{(stream ? "stream" : "json")}.lua");
        await File.WriteAllTextAsync(script, Script(target, target.Body(stream, paced: false)));

        var threads = Math.Min(connections, Math.Max(1, Environment.ProcessorCount));
        var seconds = Math.Max(1, (int)Math.Ceiling(duration.TotalSeconds));
        string[] args = ["-t", threads.ToString(CultureInfo.InvariantCulture), "-c", connections.ToString(CultureInfo.InvariantCulture),
            "-d", $"{seconds}s", "--timeout", "5s", "--latency", "-s", script, target.Url.ToString()];
        var command = "wrk " + string.Join(' ', args.Select(a => a == script ? Path.GetFileName(script) : a));

        int exitCode;
        string output, stderr;
        try
        {
            (exitCode, output, stderr) = await ChildProcess.RunToEndAsync("wrk", args, TimeSpan.FromSeconds(seconds + 30), CancellationToken.None);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"wrk against {target.Name} overran its duration");
        }
        if (exitCode != 0) throw new InvalidOperationException($"wrk failed ({exitCode}): {stderr}\n{output}");
        return Parse(output, command);
    }

    internal static WrkResult Parse(string output, string command)
    {
        double Percentile(string p)
        {
            var m = Regex.Match(output, $@"^\s*{p}%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
            return m.Success ? ToMs(m.Groups[1].Value, m.Groups[2].Value) : double.NaN;
        }

        var rps = RequestsPerSec().Match(output);
        var total = RequestsTotal().Match(output);
        long errors = 0;
        var non2xx = Non2xx().Match(output);
        if (non2xx.Success) errors += long.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture);
        var socket = SocketErrors().Match(output);
        if (socket.Success)
        {
            for (var g = 1; g <= 4; g++) errors += long.Parse(socket.Groups[g].Value, CultureInfo.InvariantCulture);
        }
        return new WrkResult(
            rps.Success ? double.Parse(rps.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            Percentile("50"), Percentile("99"),
            total.Success ? long.Parse(total.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            errors, command);
    }

    private static double ToMs(string value, string unit)
    {
        var v = double.Parse(value, CultureInfo.InvariantCulture);
        return unit switch { "us" => v / 1000, "s" => v * 1000, _ => v };
    }

    private static string Script(Target target, string body)
    {
        var lua = new StringBuilder();
        lua.Append("wrk.method = \"POST\"\n");
        lua.Append("wrk.body = [[").Append(body).Append("]]\n");
        lua.Append("wrk.headers[\"Content-Type\"] = \"application/json\"\n");
        foreach (var (key, value) in target.Headers) lua.Append("wrk.headers[\"").Append(key).Append("\"] = \"").Append(value).Append("\"\n");
        return lua.ToString();
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSec();

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex RequestsTotal();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex Non2xx();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();
}
