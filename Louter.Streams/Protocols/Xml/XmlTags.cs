namespace Louter.Streams.Protocols.Xml;

/// <summary>The tags of the Qwen3-Coder tool-call format, and the carry-over rule for tags split across chunks.</summary>
internal static class XmlTags
{
    public const string ToolCallOpen = "<tool_call>";
    public const string ToolCallClose = "</tool_call>";
    public const string FunctionOpen = "<function=";
    public const string FunctionClose = "</function>";
    public const string ParameterOpen = "<parameter=";
    public const string ParameterClose = "</parameter>";

    /// <summary>
    /// How many characters at the end of <paramref name="text"/> could still become <paramref name="tag"/>
    /// once more text arrives. Every tag here has a single '&lt;', at its start, so the only candidate is
    /// the suffix from the last '&lt;': held back when it is a proper prefix of the tag, else nothing is.
    /// </summary>
    public static int PartialSuffixLength(ReadOnlySpan<char> text, string tag)
    {
        var last = text.LastIndexOf('<');
        if (last < 0)
            return 0;
        var suffix = text[last..];
        return suffix.Length < tag.Length && tag.AsSpan().StartsWith(suffix, StringComparison.Ordinal) ? suffix.Length : 0;
    }
}
