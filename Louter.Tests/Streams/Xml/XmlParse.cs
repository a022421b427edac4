using Louter.Streams.Protocols.Xml;

namespace Louter.Tests.Streams.Xml;

/// <summary>Runs the parser over fragments, and puts its items in a form that ignores how text was chunked.</summary>
internal static class XmlParse
{
    public const string WeatherExample =
        "Let me check.\n<tool_call>\n<function=get_weather>\n<parameter=city>\nParis\n</parameter>\n<parameter=days>\n3\n</parameter>\n</function>\n</tool_call>";

    public static List<XmlParsedItem> All(params string[] fragments)
    {
        var parser = new XmlToolCallParser();
        var items = new List<XmlParsedItem>();
        foreach (var fragment in fragments)
            parser.Feed(fragment, items);
        parser.Finish(items);
        return Merged(items);
    }

    /// <summary>Adjacent text items joined: how text is chunked is not part of the result.</summary>
    public static List<XmlParsedItem> Merged(IEnumerable<XmlParsedItem> items)
    {
        var merged = new List<XmlParsedItem>();
        foreach (var item in items)
        {
            if (item is XmlParsedItem.Text next && merged.Count > 0 && merged[^1] is XmlParsedItem.Text previous)
                merged[^1] = new XmlParsedItem.Text(previous.Value + next.Value);
            else
                merged.Add(item);
        }

        return merged;
    }

    /// <summary>A comparable rendering (records with lists compare by reference).</summary>
    public static string Describe(IEnumerable<XmlParsedItem> items) => string.Join(" | ", items.Select(item => item switch
    {
        XmlParsedItem.Text t => $"text[{t.Value}]",
        XmlParsedItem.ToolCall c => $"call[{c.Name}({string.Join(", ", c.Parameters.Select(p => $"{p.Name}=[{p.Value}]"))})]",
        XmlParsedItem.Unparsed u => $"unparsed[{u.Raw}]",
        _ => throw new InvalidOperationException(),
    }));

    public static XmlParsedItem.ToolCall Call(string name, params (string Name, string Value)[] parameters) => new(name, parameters);
}
