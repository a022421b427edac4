namespace Louter.Streams.Protocols.Anthropic;

/// <summary>
/// Ids Louter makes up when the canonical answer has none. Derived from the request id (already
/// random and unique), so they are unique without a random source and repeatable in tests.
/// </summary>
public static class AnthropicIds
{
    public static string Message(string requestId) => "msg_" + Suffix(requestId);

    /// <summary>Anthropic's tool-use ids start with "toolu_"; some clients check.</summary>
    public static string ToolUse(string requestId, int index) => $"toolu_{Suffix(requestId)}_{index}";

    private static string Suffix(string requestId)
    {
        var id = requestId.StartsWith("req_", StringComparison.Ordinal) ? requestId[4..] : requestId;
        Span<char> chars = stackalloc char[Math.Min(id.Length, 64)];
        var n = 0;
        foreach (var c in id)
        {
            if (n == chars.Length) break;
            if (char.IsAsciiLetterOrDigit(c)) chars[n++] = c;
        }
        return n == 0 ? "louter" : new string(chars[..n]);
    }
}
