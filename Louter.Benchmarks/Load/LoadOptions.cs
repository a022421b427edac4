using System.Globalization;

namespace Louter.Benchmarks.Load;

/// <summary>
/// <c>load [--duration 10s] [--out report.md] [--quick] [--no-portkey] [--only c1,c32,stream,paced1,paced32,held,soak]
/// [--rounds 3] [--held-streams 10000] [--soak 10m] [--observability] [--no-metrics] [--ready-to-run]</c>.
/// </summary>
internal sealed record LoadOptions
{
    public static readonly string[] ScenarioKeys = ["c1", "c32", "stream", "paced1", "paced32", "held", "soak"];

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);
    public string Out { get; init; } = "benchmark-report.md";
    public bool Quick { get; init; }
    public bool Portkey { get; init; } = true;

    /// <summary>
    /// Rounds of the two ceiling scenarios (non-streaming and unpaced streaming at 32 connections) and
    /// of the one-connection latency scenario: every target once per round, the rounds one after
    /// another, and each target's median round reported (by rate; by p99 for the latency). On shared
    /// cores one 10-second round of one target moves by ±20% with the neighbours, and a p99 with them;
    /// rounds interleaved put every target through the same stretch of time. One in a quick run.
    /// </summary>
    public int Rounds { get; init; } = 3;

    /// <summary>Scenario keys to run (all when empty).</summary>
    public IReadOnlySet<string> Only { get; init; } = new HashSet<string>();

    /// <summary>Streams held open at once in the held scenario.</summary>
    public int HeldStreams { get; init; } = 10_000;

    /// <summary>Length of the soak (at half of Louter's measured non-streaming ceiling).</summary>
    public TimeSpan SoakDuration { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Louter with its request log and tracing (every request exported) on: the overhead of observability.</summary>
    public bool Observability { get; init; }

    /// <summary>Louter with [metrics] enabled = false: the baseline for what metrics cost.</summary>
    public bool NoMetrics { get; init; }

    /// <summary>
    /// Publish Louter ReadyToRun into the work folder and run that (deploy/README.md's option for a
    /// faster start, at some idle RSS) instead of the Release build output. Not in a quick run:
    /// publishing takes a minute.
    /// </summary>
    public bool ReadyToRun { get; init; }

    public bool Publish => ReadyToRun && !Quick;

    public bool Runs(string scenario) => Only.Count == 0 || Only.Contains(scenario);

    /// <summary>
    /// Unmeasured load on every target before the first scenario (JIT, tiering, connection pools):
    /// rounds of non-streaming then streaming load, <see cref="Warmup"/> each, until two rounds in a row
    /// no longer climb (see LoadCommand), within <see cref="WarmupRounds"/> (at least 30 s in a full run). Tiered compilation takes Louter
    /// some 30 s of load to settle on this machine (a fixed 3 s warm-up measured part of its climb);
    /// a quick run warms for one short round, or a cold Louter's first second is the measurement.
    /// </summary>
    public TimeSpan Warmup => Quick ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(3);

    public (int Min, int Max) WarmupRounds => Quick ? (1, 1) : (5, 15);

    public static LoadOptions Parse(IReadOnlyList<string> args)
    {
        var options = new LoadOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--duration" => options with { Duration = ParseDuration(Value()) },
                "--out" => options with { Out = Value() },
                "--quick" => options with { Quick = true, Duration = TimeSpan.FromSeconds(1), Rounds = 1, HeldStreams = 200, SoakDuration = TimeSpan.FromSeconds(3) },
                "--no-portkey" => options with { Portkey = false },
                "--only" => options with { Only = ParseOnly(Value()) },
                "--rounds" => options with { Rounds = ParseRounds(Value()) },
                "--held-streams" => options with { HeldStreams = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--soak" => options with { SoakDuration = ParseDuration(Value()) },
                "--observability" => options with { Observability = true },
                "--no-metrics" => options with { NoMetrics = true },
                "--ready-to-run" => options with { ReadyToRun = true },
                _ => throw new ArgumentException($"unknown option {args[i]}; usage: load [--duration 10s] [--out FILE] [--quick] [--no-portkey] [--only {string.Join(',', ScenarioKeys)}] [--rounds 3] [--held-streams 10000] [--soak 10m] [--observability] [--no-metrics] [--ready-to-run]"),
            };
        }
        return options;
    }

    private static int ParseRounds(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var rounds) && rounds is >= 1 and <= 20
            ? rounds
            : throw new ArgumentException($"--rounds takes a whole number from 1 to 20, not '{text}'");

    private static HashSet<string> ParseOnly(string list)
    {
        var keys = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var unknown = keys.Where(k => !ScenarioKeys.Contains(k)).ToList();
        if (unknown.Count > 0) throw new ArgumentException($"--only: unknown scenario {string.Join(", ", unknown)}; scenarios: {string.Join(", ", ScenarioKeys)}");
        return keys;
    }

    internal static TimeSpan ParseDuration(string text)
    {
        double Number(int unitLength) => double.Parse(text[..^unitLength], CultureInfo.InvariantCulture);
        if (text.EndsWith("ms", StringComparison.Ordinal)) return TimeSpan.FromMilliseconds(Number(2));
        if (text.EndsWith('s')) return TimeSpan.FromSeconds(Number(1));
        if (text.EndsWith('m')) return TimeSpan.FromMinutes(Number(1));
        throw new ArgumentException($"--duration takes a number with a unit (500ms, 10s, 1m), not '{text}'");
    }
}
