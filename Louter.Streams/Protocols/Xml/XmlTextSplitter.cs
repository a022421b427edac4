using Louter.Streams.Canonical;

namespace Louter.Streams.Protocols.Xml;

/// <summary>
/// One complete text → text blocks and tool-use blocks: the non-streamed counterpart of
/// <see cref="XmlToolCallTransformer"/>, shared by <see cref="XmlToolCallTransformer.Apply"/> and
/// <see cref="XmlToolHistory"/> so both follow the stream's rules.
/// </summary>
internal static class XmlTextSplitter
{
    /// <summary>True when <paramref name="text"/> has anything for the parser to find.</summary>
    public static bool MayContainCalls(string text) => text.Contains(XmlTags.ToolCallOpen, StringComparison.Ordinal);

    /// <summary>
    /// The blocks <paramref name="text"/> splits into. Whitespace-only text directly before or after a
    /// call (the newlines the template puts around <c>&lt;tool_call&gt;</c>) is dropped, as the stream
    /// drops it; unreadable blocks stay as text and add a warning.
    /// </summary>
    public static List<ContentBlock> Split(string text, IReadOnlyList<ToolDefinition> tools, Func<string> nextId, ICollection<string>? warnings)
    {
        var parser = new XmlToolCallParser();
        var items = new List<XmlParsedItem>();
        parser.Feed(text, items);
        parser.Finish(items);

        // Adjacent text and unreadable blocks merge into one text segment between calls.
        var segments = new List<ContentBlock>();
        var pending = new System.Text.StringBuilder();
        foreach (var item in items)
        {
            switch (item)
            {
                case XmlParsedItem.Text t:
                    pending.Append(t.Value);
                    break;
                case XmlParsedItem.Unparsed u:
                    warnings?.Add(u.Reason);
                    pending.Append(u.Raw);
                    break;
                case XmlParsedItem.ToolCall call:
                    AddText(segments, pending, beforeCall: true);
                    segments.Add(ToBlock(call, tools, nextId()));
                    break;
            }
        }

        AddText(segments, pending, beforeCall: false);
        return segments;
    }

    /// <summary>The tool-use block for a parsed call, its arguments typed by the tool's schema (none if the tool is unknown).</summary>
    public static ToolUseBlock ToBlock(XmlParsedItem.ToolCall call, IReadOnlyList<ToolDefinition> tools, string id) =>
        new(id, call.Name, ArgumentsJson(call, tools));

    public static string ArgumentsJson(XmlParsedItem.ToolCall call, IReadOnlyList<ToolDefinition> tools) =>
        XmlToolArguments.ToJson(call.Parameters, tools.FirstOrDefault(t => t.Name == call.Name)?.InputSchema);

    private static void AddText(List<ContentBlock> segments, System.Text.StringBuilder pending, bool beforeCall)
    {
        var text = pending.ToString();
        pending.Clear();
        var afterCall = segments.Count > 0 && segments[^1] is ToolUseBlock;
        if (text.Length == 0 || (string.IsNullOrWhiteSpace(text) && (beforeCall || afterCall)))
            return;
        segments.Add(new TextBlock(text));
    }
}
