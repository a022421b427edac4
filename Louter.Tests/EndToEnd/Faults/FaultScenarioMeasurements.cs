using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Xunit;

namespace Louter.Tests.EndToEnd.Faults;

/// <summary>
/// The measurement harness behind docs/fault-scenarios.md. Not part of the default run: it takes a
/// few minutes and its numbers depend on the machine. Run it by hand:
/// <code>
///   LOUTER_FAULT_BENCH=1 LOUTER_FAULT_BENCH_OUT=/tmp/faults.md \
///     dotnet test Louter.Tests --filter "FullyQualifiedName~FaultScenarioMeasurements"
/// </code>
/// (LOUTER_FAULT_BENCH_N requests per scenario, default 200; 4 concurrent clients, each pausing 200 ms
/// between requests; half of them streaming.)
/// Each scenario starts a fresh Louter and fresh mocks, runs the requests, and polls
/// GET /admin/backends every 50 ms to time the circuit's moves.
/// </summary>
[Trait("Category", "Measurement")]
public sealed class FaultScenarioMeasurements(ITestOutputHelper output)
{
    private const int Concurrency = 4;
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(200);

    // Defaults except a short open_duration, so half-open trials happen within one run.
    private const string Circuit = "open_duration = \"2s\"\nmax_open_duration = \"8s\"";

    private sealed record Scenario(string Name, (string, FaultKind)[] Backends, string Settings = "", string? RecoverHalfway = null);

    private static readonly Scenario[] Scenarios =
    [
        new("baseline: two healthy", [("healthy", FaultKind.Healthy), ("healthy2", FaultKind.Healthy)]),
        new("refuses connections", [("refused", FaultKind.Refused), ("healthy", FaultKind.Healthy)]),
        new("answers 503", [("unavailable", FaultKind.Unavailable), ("healthy", FaultKind.Healthy)]),
        new("answers 503, recovers halfway", [("unavailable", FaultKind.Unavailable), ("healthy", FaultKind.Healthy)], RecoverHalfway: "unavailable"),
        new("times out (answers after 1.5 s, timeout 400 ms)", [("slow", FaultKind.TimesOut), ("healthy", FaultKind.Healthy)]),
        new("slow within timeout (+150 ms)", [("slow", FaultKind.Slow), ("healthy", FaultKind.Healthy)]),
        new("429 with Retry-After: 1", [("limited", FaultKind.RateLimited), ("healthy", FaultKind.Healthy)]),
        new("all four faults + one healthy, max_attempts = 5", All, "[retries]\nmax_attempts = 5\n"),
        new("all four faults + one healthy, max_attempts = 3 (default)", All),
    ];

    private static (string, FaultKind)[] All =>
    [
        ("refused", FaultKind.Refused), ("unavailable", FaultKind.Unavailable), ("slow", FaultKind.TimesOut),
        ("limited", FaultKind.RateLimited), ("healthy", FaultKind.Healthy),
    ];

    private sealed record Row(Scenario Scenario, int Requests, int Succeeded, double P50, double P95, double AttemptsPerRequest, string Received, string Moves);

    [Fact]
    public async Task Measure_FaultScenarios_WritesTheMarkdownTable()
    {
        if (Environment.GetEnvironmentVariable("LOUTER_FAULT_BENCH") != "1")
            Assert.Skip("A measurement harness, run by hand: LOUTER_FAULT_BENCH=1 (see docs/fault-scenarios.md).");
        var n = int.TryParse(Environment.GetEnvironmentVariable("LOUTER_FAULT_BENCH_N"), out var v) ? v : 200;
        var ct = TestContext.Current.CancellationToken;

        var rows = new List<Row>();
        foreach (var scenario in Scenarios)
        {
            rows.Add(await RunAsync(scenario, n, ct));
            output.WriteLine($"{scenario.Name}: {rows[^1]}");
        }

        var table = Format(rows);
        output.WriteLine(table);
        if (Environment.GetEnvironmentVariable("LOUTER_FAULT_BENCH_OUT") is { Length: > 0 } path)
            await File.WriteAllTextAsync(path, table, ct);
    }

    private static async Task<Row> RunAsync(Scenario scenario, int n, CancellationToken ct)
    {
        await using var bench = await FaultBench.StartAsync(scenario.Backends, scenario.Settings, Circuit);
        // No warm-up: it would trip the faulty backends' circuits before the measured run. The first few
        // requests pay for JIT and new connections, in the baseline as in every other scenario.
        var attemptsBefore = (await bench.AttemptsByBackendAsync(ct)).Values.Sum();
        var receivedBefore = bench.Backends.Where(b => b.Value != FaultKind.Refused).ToDictionary(b => b.Key, b => bench.Received(b.Key));

        var clock = Stopwatch.StartNew();
        var done = 0;
        var moves = new ConcurrentQueue<string>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var poller = PollCircuitsAsync(bench, clock, () => Volatile.Read(ref done), moves, stop.Token);

        var results = new ConcurrentBag<ClientResult>();
        var next = -1;
        var recovered = 0;
        async Task WorkerAsync()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < n)
            {
                if (scenario.RecoverHalfway is { } name && i >= n / 2 && Interlocked.Exchange(ref recovered, 1) == 0)
                {
                    bench.Recover(name);
                    moves.Enqueue($"{name} recovered @{clock.Elapsed.TotalSeconds:0.00}s");
                }
                results.Add(await bench.ChatAsync(stream: i % 2 == 1, ct));
                Interlocked.Increment(ref done);
                // Paced (about 20 requests/s in all) so that a run spans several open_durations and the
                // half-open trials and closes show up, as they would under steady traffic.
                await Task.Delay(Pause, ct);
            }
        }
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(_ => Task.Run(WorkerAsync, ct)));
        await stop.CancelAsync();
        await poller;

        var attempts = (await bench.AttemptsByBackendAsync(ct)).Values.Sum() - attemptsBefore;
        var received = string.Join(", ", bench.Backends.Select(b => b.Value == FaultKind.Refused
            ? $"{b.Key} –"
            : $"{b.Key} {bench.Received(b.Key) - receivedBefore[b.Key]}"));
        var latencies = results.Select(r => r.Elapsed.TotalMilliseconds).Order().ToArray();
        return new Row(scenario, n, results.Count(r => r.Ok), Percentile(latencies, 0.50), Percentile(latencies, 0.95),
            (double)attempts / n, received, string.Join("; ", moves));
    }

    private static async Task PollCircuitsAsync(FaultBench bench, Stopwatch clock, Func<int> done, ConcurrentQueue<string> moves, CancellationToken ct)
    {
        var last = new Dictionary<string, string>(StringComparer.Ordinal);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                foreach (var (name, b) in await bench.BackendsAsync(ct))
                {
                    var circuit = b.GetProperty("circuit").GetString()!;
                    var before = last.GetValueOrDefault(name, "closed");
                    if (circuit != before) moves.Enqueue($"{name} {circuit} @{clock.Elapsed.TotalSeconds:0.00}s (after {done()} req)");
                    last[name] = circuit;
                }
                await Task.Delay(50, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static string Format(List<Row> rows)
    {
        var baseline = rows[0];
        var s = new StringBuilder();
        s.AppendLine("| scenario (the other backend is healthy) | success | p50 ms (× baseline) | p95 ms (× baseline) | attempts / request | requests each upstream received | circuit moves (time since start, requests done) |");
        s.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var r in rows)
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"| {r.Scenario.Name} | {r.Succeeded}/{r.Requests} ({100.0 * r.Succeeded / r.Requests:0.#}%) | {r.P50:0.0} ({r.P50 / baseline.P50:0.00}×, {r.P50 - baseline.P50:+0.0;-0.0} ms) | {r.P95:0.0} ({r.P95 / baseline.P95:0.00}×, {r.P95 - baseline.P95:+0.0;-0.0} ms) | {r.AttemptsPerRequest:0.00} | {r.Received} | {(r.Moves.Length == 0 ? "none" : r.Moves)} |");
        }
        return s.ToString();
    }
}
