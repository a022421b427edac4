namespace Louter.Host.Observability.RequestLog;

/// <summary>
/// Counts, error rate, and latency and token percentiles over request-log entries, overall and by
/// model (as the client named it) and by backend. Percentiles are nearest-rank: p50 of 1..10 is 5,
/// p99 is 10; a percentile over no values is absent.
/// </summary>
internal sealed class RequestLogStats
{
    private readonly Accumulator _all = new();
    private readonly SortedDictionary<string, Accumulator> _byModel = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, Accumulator> _byBackend = new(StringComparer.Ordinal);

    public sealed record Percentiles(double P50, double P90, double P99);

    public sealed record Group(
        long Requests, long Errors, double ErrorRate,
        Percentiles? E2eMs, Percentiles? TtftMs, Percentiles? ItlMs, Percentiles? Tps,
        Percentiles? InputTokens, Percentiles? OutputTokens, long InputTokensTotal, long OutputTokensTotal);

    public sealed record Report(Group All, IReadOnlyDictionary<string, Group> ByModel, IReadOnlyDictionary<string, Group> ByBackend, int MalformedLines);

    public void Add(LoggedRequest entry)
    {
        _all.Add(entry);
        Of(_byModel, entry.Model ?? "(none)").Add(entry);
        Of(_byBackend, entry.Backend ?? "(none)").Add(entry);
    }

    public Report Build(int malformed) => new(
        _all.Build(),
        _byModel.ToDictionary(p => p.Key, p => p.Value.Build(), StringComparer.Ordinal),
        _byBackend.ToDictionary(p => p.Key, p => p.Value.Build(), StringComparer.Ordinal),
        malformed);

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    public static double Percentile(List<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count), 1, sorted.Count) - 1];

    private static Accumulator Of(SortedDictionary<string, Accumulator> groups, string key)
    {
        if (!groups.TryGetValue(key, out var group)) groups[key] = group = new Accumulator();
        return group;
    }

    private sealed class Accumulator
    {
        private readonly List<double> _e2e = [], _ttft = [], _itl = [], _tps = [], _input = [], _output = [];
        private long _requests, _errors, _inputTotal, _outputTotal;

        public void Add(LoggedRequest e)
        {
            _requests++;
            if (e.IsError) _errors++;
            if (e.E2eMs is { } e2e) _e2e.Add(e2e);
            if (e.TtftMs is { } ttft) _ttft.Add(ttft);
            if (e.ItlMs is { } itl) _itl.Add(itl);
            if (e.Tps is { } tps) _tps.Add(tps);
            if (e.InputTokens is { } input)
            {
                _input.Add(input);
                _inputTotal += input;
            }

            if (e.OutputTokens is { } output)
            {
                _output.Add(output);
                _outputTotal += output;
            }
        }

        public Group Build() => new(
            _requests, _errors, _requests == 0 ? 0 : Math.Round((double)_errors / _requests, 4),
            Of(_e2e), Of(_ttft), Of(_itl), Of(_tps), Of(_input), Of(_output), _inputTotal, _outputTotal);

        private static Percentiles? Of(List<double> values)
        {
            if (values.Count == 0) return null;
            values.Sort();
            return new Percentiles(Percentile(values, 50), Percentile(values, 90), Percentile(values, 99));
        }
    }
}
