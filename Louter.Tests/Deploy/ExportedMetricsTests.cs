using System.Text.RegularExpressions;
using Louter.Streams.Metrics;
using Louter.Tests.EndToEnd.Support;
using Xunit;

namespace Louter.Tests.Deploy;

/// <summary>
/// The names the dashboards, the rules and <see cref="MetricNames"/> promise are the ones a running
/// Louter serves at GET /metrics. The scrape comes after a plain and a streamed request; the names
/// are read from the # TYPE lines, which prometheus-net writes for every registered family, so a
/// labelled metric that has not been observed yet still counts.
/// </summary>
public sealed partial class ExportedMetricsTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Scrape_ExportsEveryNameInMetricNames()
    {
        var exported = await ScrapeAsync();
        var missing = MetricNames.All.Where(n => !exported.Contains(n)).ToList();
        Assert.True(missing.Count == 0, "Not served at /metrics: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task Scrape_ExportsEveryNameTheDashboardsAndRulesUse()
    {
        var exported = await ScrapeAsync();
        exported.Add("up"); // made by Prometheus for each target
        var missing = DeployFilesTests.UsedMetrics().Where(u => !exported.Contains(u.Name)).Select(u => $"{u.Name} ({u.File})").Distinct().ToList();
        Assert.True(missing.Count == 0, "Used in deploy/ but not served at /metrics:\n" + string.Join("\n", missing));
    }

    /// <summary>The assumption the scrape tests rest on: prometheus-net declares a family before any labelled child exists.</summary>
    [Fact]
    public async Task PrometheusNet_WritesTypeLineForLabelledFamilyWithoutChildren()
    {
        var registry = Prometheus.Metrics.NewCustomRegistry();
        Prometheus.Metrics.WithCustomRegistry(registry).CreateCounter("louter_test_unobserved_total", "never incremented", ["backend"]);
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream, Ct);
        var text = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        Assert.Contains("louter_test_unobserved_total", TypeLine().Matches(text).Select(m => m.Groups[1].Value));
    }

    private async Task<HashSet<string>> ScrapeAsync()
    {
        using var plain = await gateway.Louter.PostChatAsync("""{"model":"gpt-test","messages":[{"role":"user","content":"hello"}]}""", Ct);
        using var streamed = await gateway.Louter.PostChatAsync("""{"model":"gpt-test","stream":true,"messages":[{"role":"user","content":"hello"}]}""", Ct);
        Assert.True(plain.IsSuccessStatusCode && streamed.IsSuccessStatusCode);
        await streamed.Content.ReadAsStringAsync(Ct);

        var text = await gateway.Louter.Http.GetStringAsync("/metrics", Ct);
        var names = TypeLine().Matches(text).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        Assert.Contains(MetricNames.RoutingDecisions, names); // the parse found the families that exist today
        return names;
    }

    [GeneratedRegex("""^# TYPE ([A-Za-z_:][A-Za-z0-9_:]*) """, RegexOptions.Multiline)]
    private static partial Regex TypeLine();
}
