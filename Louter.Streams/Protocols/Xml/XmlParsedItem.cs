namespace Louter.Streams.Protocols.Xml;

/// <summary>What <see cref="XmlToolCallParser"/> reads out of the model's text, in order.</summary>
public abstract record XmlParsedItem
{
    private XmlParsedItem() { }

    /// <summary>Plain text: none of it can be part of a tool call any more.</summary>
    public sealed record Text(string Value) : XmlParsedItem;

    /// <summary>
    /// One complete <c>&lt;tool_call&gt;</c>: the trimmed function name and the parameters in the
    /// order written, each value raw (one leading and one trailing newline removed, nothing else).
    /// </summary>
    public sealed record ToolCall(string Name, IReadOnlyList<(string Name, string Value)> Parameters) : XmlParsedItem;

    /// <summary>
    /// A <c>&lt;tool_call&gt;</c> block that could not be read (malformed, or unterminated when the text
    /// ended). <see cref="Raw"/> is its exact original text, which callers show as text so nothing the
    /// model wrote is lost; <see cref="Reason"/> is for the warning they log.
    /// </summary>
    public sealed record Unparsed(string Raw, string Reason) : XmlParsedItem;
}
