using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;

namespace Louter.Benchmarks.Load;

/// <summary>
/// <c>load</c>: starts every target on loopback, runs every scenario against every target in the
/// same run, stops what it started and writes the Markdown report.
/// <code>
///   wrk / SSE client ──▶ direct   (mock upstream alone: the ceiling)
///                    ──▶ yarp     ──▶ mock   (YARP direct forwarder: the cost of any .NET proxy)
///                    ──▶ louter   ──▶ mock   (OpenAI client; and Anthropic client → OpenAI backend)
///                    ──▶ portkey  ──▶ mock   (when installed under Louter.Benchmarks/portkey)
/// </code>
/// The servers are child processes of this one (<c>load serve-mock</c>, <c>load serve-yarp</c>,
/// the built <c>louter</c>), so none shares a GC or thread pool with the load generators.
/// </summary>
internal static class LoadCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length >= 3 && args[0] == "serve-mock") return await MockUpstream.ServeAsync(int.Parse(args[1], CultureInfo.InvariantCulture), int.Parse(args[2], CultureInfo.InvariantCulture));
        if (args.Length >= 3 && args[0] == "serve-graph-floor") return await GraphFloor.ServeAsync(int.Parse(args[1], CultureInfo.InvariantCulture), args[2]);
        if (args.Length >= 3 && args[0] == "serve-yarp") return await YarpForwarder.ServeAsync(int.Parse(args[1], CultureInfo.InvariantCulture), args[2], http2: args.Length > 3 && args[3] == "h2");
        if (args.Length >= 4 && args[0] == "sse") return await SseOnceAsync(args[1..]);

        LoadOptions options;
        try
        {
            options = LoadOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }
        if (!OnPath("wrk"))
        {
            await Console.Error.WriteLineAsync("load: wrk is not installed (Debian: apt-get install wrk)");
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        // Ctrl+C and SIGTERM (CI's timeout) stop between measurements, so the finally below still kills every child.
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            cancel.Cancel();
        });
        var workDir = Directory.CreateTempSubdirectory("louter-load-").FullName;
        try
        {
            return await RunScenariosAsync(options, args, workDir, cancel.Token);
        }
        finally
        {
            try { Directory.Delete(workDir, recursive: true); } catch (IOException) { /* a child still holds a file; the temp folder keeps it */ }
        }
    }

    private static async Task<int> RunScenariosAsync(LoadOptions options, string[] args, string workDir, CancellationToken cancellationToken)
    {
        var output = Console.Out;
        var notes = new List<string>();
        var processFacts = new List<(string, string)>();
        var children = new List<ChildProcess>();
        using var http = new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            MaxConnectionsPerServer = int.MaxValue,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
        });
        try
        {
            // Published before any server starts: crossgen2 would otherwise share the cores with them.
            var louterDll = LouterProcess.BuiltDll();
            if (options.Publish)
            {
                await output.WriteLineAsync("load: publishing louter (Release, ReadyToRun) — about a minute");
                var published = await LouterProcess.PublishAsync(Path.Combine(workDir, "louter-publish"), cancellationToken);
                louterDll = published.Dll;
                processFacts.Add(("Louter build", $"published ReadyToRun (`--ready-to-run`): `{published.Command}`"));
            }
            else
            {
                processFacts.Add(("Louter build", "the Release build output, JIT-compiled (not ReadyToRun)"));
            }

            var self = typeof(LoadCommand).Assembly.Location;
            var mockPort = ChildProcess.FreePort();
            var mockUrl = new Uri($"http://127.0.0.1:{mockPort}/");
            var mockH2Port = ChildProcess.FreePort();
            var mockH2Url = new Uri($"http://127.0.0.1:{mockH2Port}/");
            var mock = Track(children, ChildProcess.Start("mock", "dotnet", [self, "load", "serve-mock", mockPort.ToString(CultureInfo.InvariantCulture), mockH2Port.ToString(CultureInfo.InvariantCulture)]));
            var yarpPort = ChildProcess.FreePort();
            var yarp = Track(children, ChildProcess.Start("yarp", "dotnet", [self, "load", "serve-yarp", yarpPort.ToString(CultureInfo.InvariantCulture), mockUrl.ToString()]));
            var floorPort = ChildProcess.FreePort();
            var floor = Track(children, ChildProcess.Start("graph-floor", "dotnet", [self, "load", "serve-graph-floor", floorPort.ToString(CultureInfo.InvariantCulture), mockUrl.ToString()]));
            await mock.WaitReadyAsync(http, new Uri(mockUrl, "health"), TimeSpan.FromSeconds(60));
            await yarp.WaitReadyAsync(http, new Uri($"http://127.0.0.1:{yarpPort}/health"), TimeSpan.FromSeconds(60));
            await floor.WaitReadyAsync(http, new Uri($"http://127.0.0.1:{floorPort}/health"), TimeSpan.FromSeconds(60));

            // Louter starts last and alone, so its start-to-ready is not shared with the others' start.
            // One start is one sample of a noisy machine: a full run starts it twice more before (each
            // on an empty data_dir of its own, stopped once ready) and reports the median of the three.
            var starts = new List<TimeSpan>();
            for (var i = 1; i < (options.Quick ? 1 : 3); i++)
            {
                var probeDir = Directory.CreateDirectory(Path.Combine(workDir, $"start-{i}")).FullName;
                var probePort = ChildProcess.FreePort();
                await using var probe = LouterProcess.Start(louterDll, probePort, mockUrl, mockH2Url, probeDir, options.Observability, metrics: !options.NoMetrics);
                await probe.WaitReadyAsync(http, new Uri($"http://127.0.0.1:{probePort}/health/ready"), TimeSpan.FromSeconds(60));
                starts.Add(probe.StartToReady);
            }
            var louterPort = ChildProcess.FreePort();
            var louterUrl = new Uri($"http://127.0.0.1:{louterPort}/");
            var louter = Track(children, LouterProcess.Start(louterDll, louterPort, mockUrl, mockH2Url, workDir, options.Observability, metrics: !options.NoMetrics));
            await louter.WaitReadyAsync(http, new Uri(louterUrl, "health/ready"), TimeSpan.FromSeconds(60));
            starts.Add(louter.StartToReady);
            var startsMs = starts.Select(s => s.TotalMilliseconds).ToList();
            processFacts.Add(starts.Count == 1
                ? ("Louter start to ready (process start → /health/ready 200, includes the dotnet host)", $"{startsMs[0]:0} ms")
                : ("Louter start to ready (process start → /health/ready 200, includes the dotnet host; median of three starts)",
                    $"{startsMs.Order().ElementAt(starts.Count / 2):0} ms ({string.Join(", ", startsMs.Select(ms => ms.ToString("0", CultureInfo.InvariantCulture)))})"));
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            processFacts.Add(("Louter idle RSS (1 s after ready, before any request)", Mib(louter.ResidentBytes())));

            var targets = new List<Target>
            {
                new(Target.Direct, mockUrl, ClientProtocol.OpenAIChat, Target.NoHeaders),
                new(Target.Yarp, new Uri($"http://127.0.0.1:{yarpPort}/"), ClientProtocol.OpenAIChat, Target.NoHeaders),
                new(Target.Louter, louterUrl, ClientProtocol.OpenAIChat, Target.NoHeaders),
                new(Target.LouterAnthropic, louterUrl, ClientProtocol.AnthropicMessages, Target.AnthropicHeaders),
                new(Target.GraphFloor, new Uri($"http://127.0.0.1:{floorPort}/"), ClientProtocol.OpenAIChat, Target.NoHeaders),
            };

            var portkey = options.Portkey ? await PortkeyProcess.TryStartAsync(http, mockUrl, options.Quick, cancellationToken) : (null, "skipped (--no-portkey)");
            if (portkey.Process is { } portkeyProcess)
            {
                Track(children, portkeyProcess.Child);
                targets.Add(portkeyProcess.Target);
            }
            else
            {
                notes.Add($"Portkey: not measured in this run — {portkey.Reason}.");
            }

            await output.WriteLineAsync($"load: targets up ({string.Join(", ", targets.Select(t => t.Name))}); warming up");
            var warmupRates = new List<string>();
            foreach (var target in targets)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var rounds = new List<string>();
                double bestRps = 0, bestSps = 0;
                var calm = 0;
                for (var round = 1; round <= options.WarmupRounds.Max; round++)
                {
                    var rps = (await WrkRunner.RunAsync(target, 32, options.Warmup, workDir)).RequestsPerSecond;
                    var sps = (await SseLoadClient.RunAsync(http, target, 32, options.Warmup, paced: false)).StreamsPerSecond;
                    rounds.Add(string.Create(CultureInfo.InvariantCulture, $"{rps:0}/{sps:0}"));
                    var climbing = rps > bestRps * 1.05 || sps > bestSps * 1.05;
                    bestRps = Math.Max(bestRps, rps);
                    bestSps = Math.Max(bestSps, sps);
                    // Two calm rounds in a row: one round below the best is as often the machine's noise as the end of the climb.
                    calm = climbing ? 0 : calm + 1;
                    if (round >= options.WarmupRounds.Min && calm >= 2) break;
                }
                warmupRates.Add($"{target.Name} {string.Join(" → ", rounds)}");
            }
            notes.Add($"Warm-up, unmeasured, every target alike: rounds of non-streaming load at 32 connections for {options.Warmup.TotalSeconds:0} s then the unpaced stream load at 32 connections for {options.Warmup.TotalSeconds:0} s, until two rounds in a row are no more than 5% above the best before them in both ({options.WarmupRounds.Min} to {options.WarmupRounds.Max} rounds). Requests/s / streams/s per round: {string.Join("; ", warmupRates)}.");

            var scenarios = new List<ScenarioResult>();
            async Task Run(ScenarioResult scenario, int rounds, bool byLatency, Func<Target, Task<(WrkResult?, SseResult?)>> measure)
            {
                scenarios.Add(scenario);
                scenario.Rounds = rounds;
                scenario.RoundsByLatency = byLatency;
                // Every target once per round, the rounds one after another: each target's rounds are
                // spread over the same stretch of time as every other target's.
                var measured = targets.ToDictionary(t => t.Name, _ => new List<(WrkResult? Wrk, SseResult? Sse)>(), StringComparer.Ordinal);
                var failures = new Dictionary<string, string>(StringComparer.Ordinal);
                for (var round = 1; round <= rounds; round++)
                {
                    foreach (var target in targets)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        if (failures.ContainsKey(target.Name)) continue;
                        await output.WriteLineAsync(rounds == 1 ? $"load: {scenario.Title} → {target.Name}" : $"load: {scenario.Title} → {target.Name} (round {round} of {rounds})");
                        try
                        {
                            measured[target.Name].Add(await measure(target));
                        }
                        catch (Exception e) when (e is InvalidOperationException or TimeoutException or HttpRequestException or IOException)
                        {
                            failures[target.Name] = rounds == 1 ? e.Message : $"round {round}: {e.Message}";
                        }
                    }
                }
                foreach (var target in targets)
                {
                    if (failures.TryGetValue(target.Name, out var failure))
                    {
                        scenario.Rows.Add((target.Name, null, null, failure));
                        continue;
                    }
                    var results = measured[target.Name];
                    Func<(WrkResult? Wrk, SseResult? Sse), double> key = byLatency
                        ? r => r.Wrk?.P99Ms ?? r.Sse?.Ttft.P99 ?? 0
                        : r => r.Wrk?.RequestsPerSecond ?? r.Sse?.StreamsPerSecond ?? 0;
                    if (rounds > 1) scenario.RoundValues[target.Name] = results.Select(key).ToList();
                    var (wrk, sse) = ScenarioResult.MedianRound(results, key, higherIsWorse: byLatency);
                    scenario.Rows.Add((target.Name, wrk, sse, null));
                }
            }

            var d = options.Duration;
            async Task RunIf(string key, ScenarioResult scenario, Func<Target, Task<(WrkResult?, SseResult?)>> measure)
            {
                // The ceilings and the one-connection latency in rounds; the paced scenarios' streams
                // take their 10 ms per chunk whatever the machine does, and the held streams and the
                // soak are one long measurement each.
                if (options.Runs(key)) await Run(scenario, key is "c1" or "c32" or "stream" ? options.Rounds : 1, byLatency: key == "c1", measure);
            }

            await RunIf("c1", new ScenarioResult("Non-streaming, 1 connection (added latency)",
                "wrk, one connection, back-to-back POSTs of a small chat request; the mock answers a fixed completion.", Streaming: false),
                async t => (await WrkRunner.RunAsync(t, 1, d, workDir), null));
            await RunIf("c32", new ScenarioResult("Non-streaming, 32 connections (ceiling)",
                "wrk, 32 connections, as many requests as the target serves.", Streaming: false),
                async t => (await WrkRunner.RunAsync(t, 32, d, workDir), null));
            await RunIf("stream", new ScenarioResult($"Streaming {MockUpstream.StreamPieces} chunks unpaced, 32 connections (ceiling)",
                $"The SSE client, 32 workers opening one stream after another; each stream is {MockUpstream.StreamPieces} content chunks plus role, finish, usage and end events, sent as fast as the mock can.", Streaming: true),
                async t => (null, await SseLoadClient.RunAsync(http, t, 32, d, paced: false)));
            await RunIf("paced1", new ScenarioResult("Streaming paced 10 ms/chunk, 1 connection (added TTFT, inter-chunk gap)",
                "The SSE client, one stream at a time; the mock waits 10 ms before each event after the first. TTFT = request sent → first SSE event read; gap = between consecutive events.", Streaming: true),
                async t => (null, await SseLoadClient.RunAsync(http, t, 1, d, paced: true)));
            await RunIf("paced32", new ScenarioResult("Streaming paced 10 ms/chunk, 32 connections",
                "As above with 32 concurrent streams.", Streaming: true),
                async t => (null, await SseLoadClient.RunAsync(http, t, 32, d, paced: true)));

            var sections = new List<string>();
            // The soak before the held streams: its "after warm-up" RSS must not be the 10,000 streams' leftovers.
            if (options.Runs("soak"))
            {
                var ceiling = scenarios.FirstOrDefault(s => s.Title.StartsWith("Non-streaming, 32", StringComparison.Ordinal))?.Rows
                    .FirstOrDefault(r => r.Target == Target.Louter).Wrk?.RequestsPerSecond
                    ?? (await WrkRunner.RunAsync(targets[2], 32, TimeSpan.FromSeconds(3), workDir)).RequestsPerSecond;
                var rate = Math.Max(10, ceiling / 2);
                await output.WriteLineAsync($"load: soak at {rate:0} req/s for {options.SoakDuration} → louter");
                var soak = await Soak.RunAsync(http, targets[2], rate, options.SoakDuration, louter.ResidentBytes, cancellationToken);
                sections.Add(MarkdownReport.Soak(soak, ceiling));
            }

            if (options.Runs("held"))
            {
                var yarpH2Port = ChildProcess.FreePort();
                var yarpH2 = Track(children, ChildProcess.Start("yarp-h2", "dotnet", [self, "load", "serve-yarp", yarpH2Port.ToString(CultureInfo.InvariantCulture), mockH2Url.ToString(), "h2"]));
                await yarpH2.WaitReadyAsync(http, new Uri($"http://127.0.0.1:{yarpH2Port}/health"), TimeSpan.FromSeconds(60));
                var held = new List<(Target, Func<long>, string)>
                {
                    (targets[0], mock.ResidentBytes, "mock"),
                    (targets[1] with { BaseUrl = new Uri($"http://127.0.0.1:{yarpH2Port}/"), Name = Target.Yarp + " (h2 to the mock)" }, yarpH2.ResidentBytes, "YARP"),
                    (targets[2], louter.ResidentBytes, "Louter"),
                    (targets[3], louter.ResidentBytes, "Louter"),
                };
                var results = new List<(string, HeldResult?, string?)>();
                foreach (var (target, rss, process) in held)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    await output.WriteLineAsync($"load: {options.HeldStreams} held streams → {target.Name}");
                    try
                    {
                        results.Add((target.Name, await HeldStreams.RunAsync(target, options.HeldStreams, rss, cancellationToken), process));
                    }
                    catch (Exception e) when (e is InvalidOperationException or TimeoutException or HttpRequestException or IOException)
                    {
                        results.Add((target.Name, null, e.Message));
                    }
                }
                sections.Add(MarkdownReport.Held(options.HeldStreams, results));
                notes.Add("Held streams: Portkey is not in this scenario. Its upstream is HTTP/1.1, so it needs 20,000 sockets for 10,000 streams, which is this machine's whole per-process file-descriptor limit (ulimit -n 20000, hard). YARP and Louter reach the mock over HTTP/2 (h2c) here; in every other scenario all targets use HTTP/1.1.");
            }

            processFacts.Add(("Louter RSS after the scenarios", Mib(louter.ResidentBytes())));
            processFacts.Add(("YARP forwarder RSS after the scenarios", Mib(yarp.ResidentBytes())));
            processFacts.Add(("Mock RSS after the scenarios", Mib(mock.ResidentBytes())));
            if (portkey.Process is { } p) processFacts.Add(("Portkey RSS after the scenarios", Mib(p.Child.ResidentBytes())));
            if (options.NoMetrics) notes.Add("Metrics off: Louter ran with [metrics] enabled = false (no /metrics, nothing recorded on the request path).");
            if (options.Observability) notes.Add("Observability on: Louter wrote its request log (JSON Lines) and exported a trace of every request (sample_ratio 1.0) to an OTLP receiver in the mock process.");

            var command = "dotnet run -c Release --project Louter.Benchmarks -- load" + (args.Length > 0 ? " " + string.Join(' ', args) : "");
            var report = MarkdownReport.Render(command, options, scenarios, sections, processFacts, notes);
            await File.WriteAllTextAsync(options.Out, report, CancellationToken.None);
            await output.WriteLineAsync(report);
            await output.WriteLineAsync($"load: report written to {Path.GetFullPath(options.Out)}");
            return scenarios.SelectMany(s => s.Rows).Any(r => r.Failure is not null) ? 1 : 0;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("load: cancelled");
            return 130;
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or FileNotFoundException)
        {
            await Console.Error.WriteLineAsync($"load: {e.Message}");
            return 1;
        }
        finally
        {
            foreach (var child in children) await child.DisposeAsync();
        }
    }

    /// <summary>
    /// <c>load sse BASE_URL CONNECTIONS DURATION [paced] [anthropic]</c>: the SSE client alone against a
    /// running server, for profiling one target by hand (the numbers are printed, no report).
    /// </summary>
    private static async Task<int> SseOnceAsync(string[] args)
    {
        var protocol = args.Contains("anthropic") ? ClientProtocol.AnthropicMessages : ClientProtocol.OpenAIChat;
        var target = new Target("manual", new Uri(args[0]), protocol, protocol == ClientProtocol.AnthropicMessages ? Target.AnthropicHeaders : Target.NoHeaders);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, UseProxy = false });
        var result = await SseLoadClient.RunAsync(http, target, int.Parse(args[1], CultureInfo.InvariantCulture), LoadOptions.ParseDuration(args[2]), paced: args.Contains("paced"));
        await Console.Out.WriteLineAsync(FormattableString.Invariant(
            $"streams/s {result.StreamsPerSecond:0.0} streams {result.Streams} errors {result.Errors} ttft p50 {result.Ttft.P50:0.000} p99 {result.Ttft.P99:0.000} gap p50 {result.Gap.P50:0.000} p99 {result.Gap.P99:0.000}"));
        return 0;
    }

    private static ChildProcess Track(List<ChildProcess> children, ChildProcess child)
    {
        children.Add(child);
        return child;
    }

    private static string Mib(long bytes) => $"{bytes / (1024.0 * 1024):0.0} MiB";

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, program)));
}
