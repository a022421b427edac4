using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.Serialization;

namespace Louter.Tests.Deploy;

/// <summary>
/// Reads deploy/ (Prometheus config and rules, Grafana provisioning and dashboards) and pulls out the
/// metric names its PromQL uses.
/// </summary>
internal static partial class DeployFiles
{
    public static string Root { get; } = FindRoot();

    public static IEnumerable<string> YamlFiles =>
        Directory.EnumerateFiles(Root, "*.yml", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Root, "*.yaml", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal);

    public static IEnumerable<string> DashboardFiles =>
        Directory.EnumerateFiles(Path.Combine(Root, "grafana", "dashboards"), "*.json").Order(StringComparer.Ordinal);

    public static string AlertRules => Path.Combine(Root, "prometheus", "alerts.yml");

    public static string Relative(string path) => Path.GetRelativePath(Root, path);

    /// <summary>YAML as plain objects: dictionaries, lists and strings.</summary>
    public static object? ReadYaml(string path) => new DeserializerBuilder().Build().Deserialize<object>(File.ReadAllText(path));

    public static JsonElement ReadJson(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.Clone();
    }

    /// <summary>Every PromQL expression of a dashboard: panel targets and template variable queries.</summary>
    public static IEnumerable<string> DashboardQueries(JsonElement dashboard)
    {
        foreach (var (key, value) in Walk(dashboard))
        {
            if (key == "expr" || (key == "query" && value.Contains('(', StringComparison.Ordinal))) yield return value;
        }
    }

    /// <summary>Every expr of the alert rules file.</summary>
    public static IEnumerable<string> RuleQueries(object? rules)
    {
        foreach (var (key, value) in Walk(rules))
        {
            if (key == "expr") yield return value;
        }
    }

    /// <summary>Every string value in a file, with the key it sits under.</summary>
    public static IEnumerable<(string? Key, string Value)> Walk(JsonElement element, string? key = null)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in element.EnumerateObject())
                    foreach (var item in Walk(p.Value, p.Name)) yield return item;
                break;
            case JsonValueKind.Array:
                foreach (var e in element.EnumerateArray())
                    foreach (var item in Walk(e, key)) yield return item;
                break;
            case JsonValueKind.String:
                yield return (key, element.GetString()!);
                break;
        }
    }

    public static IEnumerable<(string? Key, string Value)> Walk(object? yaml, string? key = null)
    {
        switch (yaml)
        {
            case IDictionary<object, object> map:
                foreach (var (k, v) in map)
                    foreach (var item in Walk(v, k.ToString())) yield return item;
                break;
            case IEnumerable<object> list when yaml is not string:
                foreach (var e in list)
                    foreach (var item in Walk(e, key)) yield return item;
                break;
            case string s:
                yield return (key, s);
                break;
        }
    }

    /// <summary>
    /// The metric names a PromQL expression selects, with the histogram suffixes (_bucket, _sum,
    /// _count) taken off. Strings, label matchers, ranges, grouping clauses, Grafana variables and
    /// function calls are removed first, so what is left that looks like an identifier is a metric.
    /// <c>label_values(metric, label)</c>, Grafana's variable query, counts its first argument only.
    /// </summary>
    public static IEnumerable<string> MetricsIn(string promql)
    {
        var s = LabelValues().Replace(promql, "$1");
        s = Strings().Replace(s, " ");
        s = Braces().Replace(s, " ");
        s = Brackets().Replace(s, " ");
        s = Grouping().Replace(s, " ");
        s = Variables().Replace(s, " ");
        foreach (Match m in Identifier().Matches(s))
        {
            var name = m.Groups["name"].Value;
            if (m.Groups["call"].Success || Keywords.Contains(name)) continue;
            yield return BaseName(name);
        }
    }

    /// <summary>Names with a Louter, process or .NET prefix anywhere in a text (descriptions, annotations).</summary>
    public static IEnumerable<string> PrefixedNamesIn(string text) =>
        Prefixed().Matches(text).Select(m => BaseName(m.Value));

    public static string BaseName(string name)
    {
        foreach (var suffix in (string[])["_bucket", "_sum", "_count"])
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal)) return name[..^suffix.Length];
        }
        return name;
    }

    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left", "group_right", "inf", "nan", "atan2",
    };

    [GeneratedRegex("""label_values\(\s*([A-Za-z_:][A-Za-z0-9_:]*)[^)]*\)""")]
    private static partial Regex LabelValues();

    [GeneratedRegex("""("([^"\\]|\\.)*"|'([^'\\]|\\.)*'|`[^`]*`)""")]
    private static partial Regex Strings();

    [GeneratedRegex("""\{[^}]*\}""")]
    private static partial Regex Braces();

    [GeneratedRegex("""\[[^\]]*\]""")]
    private static partial Regex Brackets();

    [GeneratedRegex("""\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)""")]
    private static partial Regex Grouping();

    [GeneratedRegex("""\$\{?[A-Za-z0-9_]+\}?""")]
    private static partial Regex Variables();

    [GeneratedRegex("""(?<![A-Za-z0-9_:.])(?<name>[A-Za-z_:][A-Za-z0-9_:]*)(?<call>\s*\()?""")]
    private static partial Regex Identifier();

    [GeneratedRegex("""(?<![A-Za-z0-9_:])(louter|process|dotnet)_[A-Za-z0-9_:]*[A-Za-z0-9]""")]
    private static partial Regex Prefixed();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Louter.sln"))) return Path.Combine(dir.FullName, "deploy");
        }
        throw new InvalidOperationException("Louter.sln not found above " + AppContext.BaseDirectory);
    }
}
