using System.Globalization;

namespace Louter.Tests.EndToEnd.Support;

/// <summary>
/// One GET /metrics, parsed: every sample line as its name, labels and value. <see cref="Sum"/> adds
/// the samples of a name whose labels include the given ones, so a test can ask for a counter or a
/// histogram's <c>_count</c> by the labels it cares about and compare two scrapes.
/// </summary>
public sealed class PrometheusScrape
{
    private readonly List<(string Name, Dictionary<string, string> Labels, double Value)> _samples = [];

    private PrometheusScrape(string text)
    {
        Text = text;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#') continue;
            var brace = line.IndexOf('{', StringComparison.Ordinal);
            var space = line.LastIndexOf(' ');
            var name = brace >= 0 ? line[..brace] : line[..space];
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            if (brace >= 0)
            {
                // Label values here never hold quotes, commas or braces (names from the config, fixed words).
                var body = line[(brace + 1)..line.LastIndexOf('}')];
                foreach (var pair in body.Split(',', StringSplitOptions.RemoveEmptyEntries))
                {
                    var eq = pair.IndexOf('=', StringComparison.Ordinal);
                    labels[pair[..eq]] = pair[(eq + 2)..^1];
                }
            }
            _samples.Add((name, labels, double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture)));
        }
    }

    public string Text { get; }

    public static async Task<PrometheusScrape> TakeAsync(LouterInstance louter, CancellationToken cancellationToken) =>
        new(await louter.Http.GetStringAsync("/metrics", cancellationToken));

    /// <summary>The sum of <paramref name="name"/>'s samples whose labels include every one given ("k=v").</summary>
    public double Sum(string name, params string[] labels)
    {
        var total = 0.0;
        foreach (var (n, l, v) in _samples)
        {
            if (n != name) continue;
            var all = true;
            foreach (var kv in labels)
            {
                var eq = kv.IndexOf('=', StringComparison.Ordinal);
                if (!l.TryGetValue(kv[..eq], out var value) || value != kv[(eq + 1)..]) all = false;
            }
            if (all) total += v;
        }
        return total;
    }

    /// <summary>Whether any sample of <paramref name="name"/> has all the given labels.</summary>
    public bool Has(string name, params string[] labels)
    {
        foreach (var (n, l, _) in _samples)
        {
            if (n != name) continue;
            var all = true;
            foreach (var kv in labels)
            {
                var eq = kv.IndexOf('=', StringComparison.Ordinal);
                if (!l.TryGetValue(kv[..eq], out var value) || value != kv[(eq + 1)..]) all = false;
            }
            if (all) return true;
        }
        return false;
    }
}
