using Louter.Streams.Canonical;
using Louter.Streams.Routing;

namespace Louter.Streams.Codecs;

/// <summary>
/// Reasoning signatures (Anthropic thinking signatures, Gemini thought signatures) are only valid
/// for the provider that issued them: Anthropic rejects a Gemini signature as an invalid thinking
/// block. When an answer crosses protocols, Louter marks each signature with its origin
/// ("louter:gemini:…") before the client sees it; when the client sends its history back, a marked
/// signature is unmarked for a backend of that origin and dropped for any other (its thinking is
/// then sent unsigned, i.e. not at all, and a Gemini call gets the documented placeholder).
/// Unmarked signatures came from a backend of the client's own protocol: they pass unchanged to a
/// backend of that protocol and are dropped for any other.
/// </summary>
public static class SignatureProvenance
{
    private const string Prefix = "louter:";

    public static string Mark(string signature, BackendProtocol origin) =>
        signature.StartsWith(Prefix, StringComparison.Ordinal) ? signature : $"{Prefix}{Name(origin)}:{signature}";

    public static StreamEvent Mark(StreamEvent ev, BackendProtocol origin) => ev switch
    {
        BlockDelta { Kind: DeltaKind.Signature } d when d.Text.Length > 0 => d with { Text = Mark(d.Text, origin) },
        BlockStart { ThoughtSignature: { Length: > 0 } s } b => b with { ThoughtSignature = Mark(s, origin) },
        _ => ev,
    };

    public static ChatResponse Mark(ChatResponse response, BackendProtocol origin)
    {
        if (!response.Content.Any(IsSigned)) return response;
        return response with { Content = [.. response.Content.Select(b => MarkBlock(b, origin))] };
    }

    /// <summary>The request, sent by a client of <paramref name="client"/>'s protocol, as a backend of <paramref name="target"/> may receive it.</summary>
    public static ChatRequest ForBackend(ChatRequest request, BackendProtocol target, BackendProtocol client)
    {
        if (!request.Messages.Any(m => m.Content.Any(IsSigned))) return request;
        return request with
        {
            Messages = [.. request.Messages.Select(m => m.Content.Any(IsSigned) ? m with { Content = [.. m.Content.Select(b => ForBackend(b, target, client))] } : m)],
        };
    }

    private static ContentBlock ForBackend(ContentBlock block, BackendProtocol target, BackendProtocol client) => block switch
    {
        ThinkingBlock { Signature: { Length: > 0 } s } t => t with { Signature = Resolve(s, target, client) },
        ToolUseBlock { ThoughtSignature: { Length: > 0 } s } u => u with { ThoughtSignature = Resolve(s, target, client) },
        _ => block,
    };

    private static string? Resolve(string signature, BackendProtocol target, BackendProtocol client) =>
        signature.StartsWith(Prefix, StringComparison.Ordinal) ? Unmark(signature, target)
        : target == client ? signature
        : null;

    private static bool IsSigned(ContentBlock block) => block is ThinkingBlock { Signature.Length: > 0 } or ToolUseBlock { ThoughtSignature.Length: > 0 };

    private static ContentBlock MarkBlock(ContentBlock block, BackendProtocol origin) => block switch
    {
        ThinkingBlock { Signature: { Length: > 0 } s } t => t with { Signature = Mark(s, origin) },
        ToolUseBlock { ThoughtSignature: { Length: > 0 } s } u => u with { ThoughtSignature = Mark(s, origin) },
        _ => block,
    };

    /// <summary>"louter:gemini:abc" → "abc" for a Gemini backend, null for any other.</summary>
    private static string? Unmark(string marked, BackendProtocol target)
    {
        var rest = marked.AsSpan(Prefix.Length);
        var colon = rest.IndexOf(':');
        if (colon < 0) return null;
        return rest[..colon].SequenceEqual(Name(target)) ? rest[(colon + 1)..].ToString() : null;
    }

    private static string Name(BackendProtocol protocol) => protocol switch
    {
        BackendProtocol.Anthropic => "anthropic",
        BackendProtocol.Gemini => "gemini",
        BackendProtocol.OpenAIResponses => "openai-responses",
        _ => "openai",
    };
}
