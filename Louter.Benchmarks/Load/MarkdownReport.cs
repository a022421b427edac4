using System.Globalization;
using System.Text;

namespace Louter.Benchmarks.Load;

/// <summary>
/// The report: machine facts, the command, then one table per scenario with every target and its
/// ratio to the mock alone ("direct") and to the YARP forwarder, measured in the same run — absolute
/// numbers move between machines and with neighbours on shared cores; the ratios are the result.
/// </summary>
internal static class MarkdownReport
{
    public static string Render(string command, LoadOptions options, IReadOnlyList<ScenarioResult> scenarios, IReadOnlyList<string> sections, IReadOnlyList<(string Name, string Value)> processFacts, IReadOnlyList<string> notes)
    {
        var md = new StringBuilder();
        md.AppendLine("# Louter load benchmark").AppendLine();
        md.AppendLine("| machine | |").AppendLine("| --- | --- |");
        foreach (var (name, value) in MachineFacts.Collect()) md.Append("| ").Append(name).Append(" | ").Append(value).AppendLine(" |");
        md.AppendLine();
        md.AppendLine("Command:").AppendLine().Append("    ").AppendLine(command).AppendLine();
        md.Append(CultureInfo.InvariantCulture, $"Duration per scenario and target: {options.Duration.TotalSeconds:0.#} s{(options.Quick ? " (quick mode: a smoke run, the numbers mean little)" : "")}. ");
        md.AppendLine("Mock, YARP, Louter (and Portkey) each run as their own process on loopback, next to the load generator on the same cores: ratios measured in the same run are the result, absolute numbers are not.").AppendLine();
        md.AppendLine("The graph floor is Louter's request graph (same stages, same lanes, same sink) with none of Louter's work in it: decode, classify and route do nothing, the backend stage relays the upstream's bytes as read. What the per-request Akka.Streams graph costs by itself, apart from what Louter does in it.").AppendLine();

        foreach (var scenario in scenarios)
        {
            md.Append("## ").AppendLine(scenario.Title).AppendLine().AppendLine(scenario.Description).AppendLine();
            if (scenario.Streaming) Streaming(md, scenario);
            else NonStreaming(md, scenario);
            if (scenario.RoundValues.Count > 0) Rounds(md, scenario);
            var commands = scenario.Rows.Select(r => r.Wrk?.Command ?? r.Sse?.Command).Where(c => c is not null).ToList();
            if (commands.Count > 0)
            {
                md.AppendLine().AppendLine("<details><summary>commands</summary>").AppendLine();
                foreach (var c in commands) md.Append("    ").AppendLine(c);
                md.AppendLine().AppendLine("</details>");
            }
            md.AppendLine();
        }

        foreach (var section in sections) md.AppendLine(section);

        md.AppendLine("## Processes").AppendLine().AppendLine("| measure | value |").AppendLine("| --- | --- |");
        foreach (var (name, value) in processFacts) md.Append("| ").Append(name).Append(" | ").Append(value).AppendLine(" |");
        md.AppendLine();
        if (notes.Count > 0)
        {
            md.AppendLine("## Notes").AppendLine();
            foreach (var note in notes) md.Append("- ").AppendLine(note);
        }
        return md.ToString();
    }

    public static string Held(int streams, IReadOnlyList<(string Target, HeldResult? Result, string? ProcessOrFailure)> rows)
    {
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"## {streams:N0} concurrent paced streams held on one node").AppendLine().AppendLine();
        md.Append(CultureInfo.InvariantCulture, $"Every stream is {MockUpstream.StreamPieces} chunks {MockUpstream.HeldChunkGap.TotalMilliseconds:0} ms apart (20 s), all opened together (at most 1,024 connecting at once) and held to the end. An error is anything but a 200 with every event. Peak RSS is the serving process's (sampled every 250 ms).").AppendLine().AppendLine();
        md.AppendLine("| target | streams | completed | errors | peak open | TTFT p50 ms | TTFT p99 ms | peak RSS | wall s |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (target, r, process) in rows)
        {
            if (r is null)
            {
                md.Append("| ").Append(target).Append(" | failed: ").Append(process).AppendLine(" | | | | | | | |");
                continue;
            }
            md.Append(CultureInfo.InvariantCulture, $"| {target} | {r.Streams} | {r.Completed} | {r.Errors} | {r.PeakOpen:0} | {Ms(r.Ttft.P50)} | {Ms(r.Ttft.P99)} | {r.PeakRssBytes / (1024.0 * 1024):0} MiB ({process}) | {r.Elapsed.TotalSeconds:0.0} |").AppendLine();
        }
        var firstErrors = rows.Where(r => r.Result?.FirstError is not null).Select(r => $"{r.Target}: {r.Result!.FirstError}").ToList();
        if (firstErrors.Count > 0) md.AppendLine().Append("First error per target: ").AppendLine(string.Join("; ", firstErrors));
        md.AppendLine().AppendLine("<details><summary>commands</summary>").AppendLine();
        foreach (var (_, r, _) in rows) if (r is not null) md.Append("    ").AppendLine(r.Command);
        md.AppendLine().AppendLine("</details>");
        return md.ToString();
    }

    public static string Soak(SoakResult soak, double ceiling)
    {
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"## Soak: {soak.Duration.TotalMinutes:0.#} min at half the ceiling (Louter)").AppendLine().AppendLine();
        md.Append(CultureInfo.InvariantCulture, $"Louter's non-streaming ceiling in this run was {ceiling:0} req/s; the soak asks for {soak.TargetRate:0} req/s, alternating JSON requests and unpaced streams.").AppendLine().AppendLine();
        md.AppendLine("| requests | errors | achieved req/s | RSS after warm-up | RSS at end | growth | peak RSS |");
        md.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        md.Append(CultureInfo.InvariantCulture, $"| {soak.Requests} | {soak.Errors} | {soak.AchievedRate:0} | {soak.RssAfterWarmup / (1024.0 * 1024):0.0} MiB | {soak.RssAtEnd / (1024.0 * 1024):0.0} MiB | {soak.Growth:+0.0%;-0.0%} | {soak.RssPeak / (1024.0 * 1024):0.0} MiB |").AppendLine();
        md.AppendLine().Append("RSS samples (s → MiB): ");
        var step = Math.Max(1, soak.Samples.Count / 20);
        md.AppendLine(string.Join(", ", soak.Samples.Where((_, i) => i % step == 0 || i == soak.Samples.Count - 1)
            .Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.At.TotalSeconds:0} → {s.Rss / (1024.0 * 1024):0}"))));
        md.AppendLine().AppendLine("<details><summary>command</summary>").AppendLine().Append("    ").AppendLine(soak.Command).AppendLine().AppendLine("</details>");
        return md.ToString();
    }

    private static void NonStreaming(StringBuilder md, ScenarioResult scenario)
    {
        var direct = scenario.Rows.FirstOrDefault(r => r.Target == Target.Direct).Wrk;
        var yarp = scenario.Rows.FirstOrDefault(r => r.Target == Target.Yarp).Wrk;
        md.AppendLine("| target | req/s | × direct | × YARP | p50 ms | p99 ms | added p50 ms | added p99 ms | errors |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (target, wrk, _, failure) in scenario.Rows)
        {
            if (wrk is null)
            {
                md.Append("| ").Append(target).Append(" | failed: ").Append(failure?.ReplaceLineEndings(" ")).AppendLine(" |||||||| ");
                continue;
            }
            md.Append(CultureInfo.InvariantCulture,
                $"| {target} | {wrk.RequestsPerSecond:0} | {Ratio(wrk.RequestsPerSecond, direct?.RequestsPerSecond)} | {Ratio(wrk.RequestsPerSecond, yarp?.RequestsPerSecond)} | {Ms(wrk.P50Ms)} | {Ms(wrk.P99Ms)} | {Added(wrk.P50Ms, direct?.P50Ms, target)} | {Added(wrk.P99Ms, direct?.P99Ms, target)} | {wrk.Errors} |");
            md.AppendLine();
        }
    }

    private static void Streaming(StringBuilder md, ScenarioResult scenario)
    {
        var direct = scenario.Rows.FirstOrDefault(r => r.Target == Target.Direct).Sse;
        var yarp = scenario.Rows.FirstOrDefault(r => r.Target == Target.Yarp).Sse;
        md.AppendLine("| target | streams/s | × direct | × YARP | TTFT p50 ms | TTFT p99 ms | added TTFT p50 | added TTFT p99 | gap p50 ms | gap p99 ms | gap p99 − direct | streams | errors |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (target, _, sse, failure) in scenario.Rows)
        {
            if (sse is null)
            {
                md.Append("| ").Append(target).Append(" | failed: ").Append(failure?.ReplaceLineEndings(" ")).AppendLine(" |||||||||||| ");
                continue;
            }
            md.Append(CultureInfo.InvariantCulture,
                $"| {target} | {sse.StreamsPerSecond:0.#} | {Ratio(sse.StreamsPerSecond, direct?.StreamsPerSecond)} | {Ratio(sse.StreamsPerSecond, yarp?.StreamsPerSecond)} | {Ms(sse.Ttft.P50)} | {Ms(sse.Ttft.P99)} | {Added(sse.Ttft.P50, direct?.Ttft.P50, target)} | {Added(sse.Ttft.P99, direct?.Ttft.P99, target)} | {Ms(sse.Gap.P50)} | {Ms(sse.Gap.P99)} | {Added(sse.Gap.P99, direct?.Gap.P99, target)} | {sse.Streams} | {sse.Errors} |");
            md.AppendLine();
        }
        var same = scenario.Rows.FirstOrDefault(r => r.Target == Target.Louter).Sse;
        var cross = scenario.Rows.FirstOrDefault(r => r.Target == Target.LouterAnthropic).Sse;
        if (same is not null && cross is not null)
            md.AppendLine().Append(CultureInfo.InvariantCulture, $"Cross-protocol (Anthropic client → OpenAI backend) / same-protocol streams/s: {Ratio(cross.StreamsPerSecond, same.StreamsPerSecond)}.").AppendLine();
    }

    /// <summary>
    /// Every round's value per target, and (in a ceiling scenario) Louter's ratios to YARP round by
    /// round, each pair measured in the same stretch of time.
    /// </summary>
    internal static void Rounds(StringBuilder md, ScenarioResult scenario)
    {
        var format = scenario.RoundsByLatency ? "0.000" : scenario.Streaming ? "0.#" : "0";
        md.AppendLine().Append(CultureInfo.InvariantCulture,
            $"{scenario.Rounds} rounds, interleaved (every target once per round, in the table's order); each row is the target's median round by {(scenario.RoundsByLatency ? "p99 latency" : "rate")}. {scenario.RoundMeasure} per round: ");
        md.Append(string.Join("; ", scenario.RoundValues.Select(r =>
            $"{r.Key} {string.Join(" / ", r.Value.Select(v => v.ToString(format, CultureInfo.InvariantCulture)))}"))).AppendLine(".");
        if (scenario.RoundsByLatency || !scenario.RoundValues.TryGetValue(Target.Yarp, out var yarp)) return;
        var ratios = new List<string>();
        foreach (var target in new[] { Target.Louter, Target.LouterAnthropic, Target.GraphFloor })
        {
            if (!scenario.RoundValues.TryGetValue(target, out var rates) || rates.Count != yarp.Count) continue;
            var perRound = rates.Zip(yarp, (r, y) => y > 0 ? r / y : double.NaN).ToList();
            ratios.Add($"{target} {string.Join(" / ", perRound.Select(x => x.ToString("0.00", CultureInfo.InvariantCulture)))} (median {ScenarioResult.MedianRound(perRound, x => x).ToString("0.00", CultureInfo.InvariantCulture)}×)");
        }
        if (ratios.Count > 0) md.AppendLine().Append("× YARP round by round: ").Append(string.Join("; ", ratios)).AppendLine(".");
    }

    private static string Ratio(double value, double? baseline) =>
        baseline is > 0 ? (value / baseline.Value).ToString("0.00", CultureInfo.InvariantCulture) + "×" : "–";

    private static string Ms(double ms) => double.IsNaN(ms) ? "–" : ms.ToString("0.000", CultureInfo.InvariantCulture);

    private static string Added(double ms, double? direct, string target) =>
        target == Target.Direct || direct is null || double.IsNaN(ms) || double.IsNaN(direct.Value)
            ? "–"
            : Math.Round(ms - direct.Value, 3).ToString("+0.000;-0.000;0.000", CultureInfo.InvariantCulture);
}
