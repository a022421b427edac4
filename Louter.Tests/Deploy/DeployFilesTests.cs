using System.Text.Json;
using Louter.Streams.Metrics;
using Xunit;

namespace Louter.Tests.Deploy;

/// <summary>deploy/ parses, and its dashboards and alert rules query only the metrics Louter names in <see cref="MetricNames"/>.</summary>
public sealed class DeployFilesTests
{
    /// <summary>Series Prometheus makes itself for every target: not Louter's to export.</summary>
    private static readonly HashSet<string> PrometheusSeries = new(StringComparer.Ordinal) { "up", "scrape_duration_seconds", "scrape_samples_scraped" };

    [Fact]
    public void YamlFiles_AllParse()
    {
        var files = DeployFiles.YamlFiles.ToList();
        Assert.Contains(files, f => DeployFiles.Relative(f) == Path.Combine("prometheus", "prometheus.yml"));
        Assert.Contains(files, f => DeployFiles.Relative(f) == Path.Combine("prometheus", "alerts.yml"));
        Assert.Contains(files, f => DeployFiles.Relative(f).StartsWith(Path.Combine("grafana", "provisioning", "datasources"), StringComparison.Ordinal));
        Assert.Contains(files, f => DeployFiles.Relative(f).StartsWith(Path.Combine("grafana", "provisioning", "dashboards"), StringComparison.Ordinal));
        foreach (var file in files)
        {
            var parsed = DeployFiles.ReadYaml(file);
            Assert.True(parsed is IDictionary<object, object>, $"{DeployFiles.Relative(file)}: expected a mapping at the top");
        }
    }

    [Fact]
    public void Dashboards_ParseWithUniqueUidsAndQueriesInEveryPanel()
    {
        var uids = new HashSet<string>(StringComparer.Ordinal);
        var files = DeployFiles.DashboardFiles.ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var name = DeployFiles.Relative(file);
            var dashboard = DeployFiles.ReadJson(file);
            Assert.True(uids.Add(dashboard.GetProperty("uid").GetString()!), $"{name}: duplicate uid");
            Assert.False(string.IsNullOrWhiteSpace(dashboard.GetProperty("title").GetString()), $"{name}: no title");
            var panels = dashboard.GetProperty("panels").EnumerateArray().Where(p => p.GetProperty("type").GetString() != "row").ToList();
            Assert.NotEmpty(panels);
            var ids = new HashSet<int>();
            foreach (var panel in panels)
            {
                var title = panel.GetProperty("title").GetString();
                Assert.True(ids.Add(panel.GetProperty("id").GetInt32()), $"{name}: duplicate panel id at \"{title}\"");
                var exprs = panel.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("expr").GetString()).ToList();
                Assert.True(exprs.Count > 0 && exprs.All(e => !string.IsNullOrWhiteSpace(e)), $"{name}: panel \"{title}\" has no query");
                Assert.True(exprs.All(e => Balanced(e!)), $"{name}: panel \"{title}\" has unbalanced brackets");
            }
        }
    }

    [Fact]
    public void AlertRules_HaveForDurationsAndAnnotations()
    {
        var rules = ((IDictionary<object, object>)DeployFiles.ReadYaml(DeployFiles.AlertRules)!)["groups"] is List<object> groups
            ? groups.Cast<IDictionary<object, object>>().SelectMany(g => ((List<object>)g["rules"]).Cast<IDictionary<object, object>>()).ToList()
            : throw new InvalidOperationException("alerts.yml: no groups");
        var names = rules.Select(r => (string)r["alert"]).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        foreach (var wanted in (string[])["LouterBackendDown", "LouterCircuitOpen", "LouterHighErrorRate", "LouterTtftP95Regression"])
            Assert.Contains(wanted, names);
        foreach (var rule in rules)
        {
            var alert = (string)rule["alert"];
            Assert.True(rule.TryGetValue("for", out var forDuration) && forDuration is string d && d.Length > 0, $"{alert}: no for: duration");
            var annotations = (IDictionary<object, object>)rule["annotations"];
            Assert.True(annotations.ContainsKey("summary") && annotations.ContainsKey("description"), $"{alert}: summary and description wanted");
            Assert.True(((IDictionary<object, object>)rule["labels"]).ContainsKey("severity"), $"{alert}: no severity label");
            Assert.True(Balanced((string)rule["expr"]), $"{alert}: unbalanced brackets");
        }
    }

    [Fact]
    public void MetricsIn_FindsSelectedMetricsOnly()
    {
        var names = DeployFiles.MetricsIn(
            """histogram_quantile(0.95, sum by (model, le) (rate(louter_time_to_first_token_seconds_bucket{model=~"$model", backend="a"}[$__rate_interval] offset 1d))) > 1.5 * on (model) group_left louter_backend_up and time() - process_start_time_seconds""").ToList();
        Assert.Equal(["louter_time_to_first_token_seconds", "louter_backend_up", "process_start_time_seconds"], names);
        Assert.Equal(["louter_requests_total"], DeployFiles.MetricsIn("label_values(louter_requests_total, frontend)"));
    }

    [Fact]
    public void DashboardsAndRules_UseOnlyNamedMetrics()
    {
        var unknown = UsedMetrics().Where(u => !MetricNames.All.Contains(u.Name) && !PrometheusSeries.Contains(u.Name)).ToList();
        Assert.True(unknown.Count == 0, "Not in MetricNames.All:\n" + string.Join("\n", unknown.Select(u => $"{u.Name} ({u.File})")));
    }

    [Fact]
    public void DashboardsAndRules_CoverTheIssueMetrics()
    {
        var used = UsedMetrics().Select(u => u.Name).ToHashSet(StringComparer.Ordinal);
        var unused = MetricNames.All.Where(n => !used.Contains(n)).ToList();
        Assert.True(unused.Count == 0, "No dashboard or rule shows: " + string.Join(", ", unused));
    }

    /// <summary>Every metric name a dashboard or rule uses, in PromQL or in text, with the file it is in.</summary>
    internal static IEnumerable<(string Name, string File)> UsedMetrics()
    {
        foreach (var file in DeployFiles.DashboardFiles)
        {
            var dashboard = DeployFiles.ReadJson(file);
            var names = DeployFiles.DashboardQueries(dashboard).SelectMany(DeployFiles.MetricsIn)
                .Concat(DeployFiles.Walk(dashboard).SelectMany(kv => DeployFiles.PrefixedNamesIn(kv.Value)));
            foreach (var name in names.Distinct(StringComparer.Ordinal)) yield return (name, DeployFiles.Relative(file));
        }

        var rules = DeployFiles.ReadYaml(DeployFiles.AlertRules);
        var ruleNames = DeployFiles.RuleQueries(rules).SelectMany(DeployFiles.MetricsIn)
            .Concat(DeployFiles.Walk(rules).SelectMany(kv => DeployFiles.PrefixedNamesIn(kv.Value)));
        foreach (var name in ruleNames.Distinct(StringComparer.Ordinal)) yield return (name, DeployFiles.Relative(DeployFiles.AlertRules));
    }

    internal static bool Balanced(string expr)
    {
        var stack = new Stack<char>();
        foreach (var c in expr)
        {
            if (c is '(' or '[' or '{') stack.Push(c);
            else if (c is ')' or ']' or '}')
            {
                if (stack.Count == 0) return false;
                var open = stack.Pop();
                if ((open, c) is not ('(', ')') and not ('[', ']') and not ('{', '}')) return false;
            }
        }
        return stack.Count == 0;
    }
}
