namespace Louter.Benchmarks.Load;

/// <summary>One scenario's outcome per target: a measurement, or why there is none.</summary>
internal sealed record ScenarioResult(string Title, string Description, bool Streaming)
{
    /// <summary>Per target, the reported measurement (the median round when there were several) or the failure.</summary>
    public List<(string Target, WrkResult? Wrk, SseResult? Sse, string? Failure)> Rows { get; } = [];

    /// <summary>
    /// Per target, every round's <see cref="RoundMeasure"/> in order; empty when the scenario ran once.
    /// Round <c>i</c> of every target falls in the same stretch of time.
    /// </summary>
    public Dictionary<string, List<double>> RoundValues { get; } = new(StringComparer.Ordinal);

    /// <summary>Rounds the scenario ran (1 unless it is a ceiling or latency scenario of a run with --rounds above 1).</summary>
    public int Rounds { get; set; } = 1;

    /// <summary>
    /// What picks the reported round: the rate (requests/s, streams/s) in a ceiling scenario, the
    /// p99 latency in the one-connection latency scenario.
    /// </summary>
    public bool RoundsByLatency { get; set; }

    public string RoundMeasure => RoundsByLatency ? "p99 ms" : Streaming ? "streams/s" : "req/s";

    /// <summary>
    /// The round to report of one target's rounds: the median by <paramref name="key"/>; of an even
    /// count, the worse of the two middle ones (the lower rate, or with <paramref name="higherIsWorse"/>
    /// the higher latency), so a lucky round never decides.
    /// </summary>
    public static T MedianRound<T>(IReadOnlyList<T> rounds, Func<T, double> key, bool higherIsWorse = false)
    {
        if (rounds.Count == 0) throw new ArgumentException("no rounds", nameof(rounds));
        var ordered = rounds.OrderBy(key).ToList();
        return ordered[higherIsWorse ? ordered.Count / 2 : (ordered.Count - 1) / 2];
    }
}
