namespace Louter.Benchmarks.Load;

/// <summary>One scenario's outcome per target: a measurement, or why there is none.</summary>
internal sealed record ScenarioResult(string Title, string Description, bool Streaming)
{
    /// <summary>Per target, the reported measurement (the median round when there were several) or the failure.</summary>
    public List<(string Target, WrkResult? Wrk, SseResult? Sse, string? Failure)> Rows { get; } = [];

    /// <summary>
    /// Per target, the rate of every round in order (requests/s or streams/s); empty when the scenario
    /// ran once. Round <c>i</c> of every target falls in the same stretch of time.
    /// </summary>
    public Dictionary<string, List<double>> RoundRates { get; } = new(StringComparer.Ordinal);

    /// <summary>Rounds the scenario ran (1 unless it is a ceiling scenario of a run with --rounds above 1).</summary>
    public int Rounds { get; set; } = 1;

    /// <summary>
    /// The round to report of one target's rounds: the median by rate (of an even count, the lower of
    /// the two middle ones, so a lucky round never decides).
    /// </summary>
    public static T MedianRound<T>(IReadOnlyList<T> rounds, Func<T, double> rate)
    {
        if (rounds.Count == 0) throw new ArgumentException("no rounds", nameof(rounds));
        var ordered = rounds.OrderBy(rate).ToList();
        return ordered[(ordered.Count - 1) / 2];
    }
}
