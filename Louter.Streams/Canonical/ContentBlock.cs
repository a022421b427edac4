using System.Text.Json;

namespace Louter.Streams.Canonical;

/// <summary>
/// One piece of a message. Every protocol's content maps onto these; what a target cannot express
/// is either approximated by its codec (and the approximation documented there) or refused with a
/// clear error naming the part.
/// </summary>
public abstract record ContentBlock
{
    private protected ContentBlock() { }
}

/// <summary>Plain text. <see cref="CacheControl"/> carries Anthropic's cache breakpoint when the client set one.</summary>
public sealed record TextBlock(string Text) : ContentBlock
{
    public CacheControl? CacheControl { get; init; }
}

/// <summary>Anthropic prompt-caching marker: <c>{"type":"ephemeral","ttl":"5m"}</c>.</summary>
public sealed record CacheControl(string Type, string? Ttl = null);

public sealed record ImageBlock(MediaSource Source) : ContentBlock
{
    /// <summary>OpenAI's "detail" hint (low | high | auto), when given.</summary>
    public string? Detail { get; init; }
}

/// <summary>Audio input; <see cref="Format"/> is the short format name (wav, mp3) when the source does not say.</summary>
public sealed record AudioBlock(MediaSource Source, string? Format = null) : ContentBlock;

/// <summary>A document (PDF, plain text) with an optional file name / title.</summary>
public sealed record DocumentBlock(MediaSource Source, string? Name = null) : ContentBlock;

public sealed record VideoBlock(MediaSource Source) : ContentBlock;

/// <summary>
/// The model calling a tool. <see cref="ArgumentsJson"/> is the arguments object as JSON text
/// (for a freeform "custom" tool: the raw input string). <see cref="ThoughtSignature"/> is Gemini's
/// opaque signature that must go back with this call.
/// </summary>
public sealed record ToolUseBlock(string Id, string Name, string ArgumentsJson) : ContentBlock
{
    public string? ThoughtSignature { get; init; }
}

/// <summary>The result of a tool call, answering <see cref="ToolUseId"/>. <see cref="Name"/> is the tool's name when known (Gemini needs it).</summary>
public sealed record ToolResultBlock(string ToolUseId, IReadOnlyList<ContentBlock> Content) : ContentBlock
{
    public bool IsError { get; init; }
    public string? Name { get; init; }

    /// <summary>The text of the result, parts joined with newlines.</summary>
    public string Text => string.Join("\n", Content.OfType<TextBlock>().Select(t => t.Text));
}

/// <summary>Model reasoning shown as text, with the provider's signature when it gave one (Anthropic thinking).</summary>
public sealed record ThinkingBlock(string Text) : ContentBlock
{
    public string? Signature { get; init; }
}

/// <summary>
/// Something only the provider that produced it may receive back: Anthropic redacted_thinking,
/// Responses reasoning items with encrypted_content. Other providers never see it.
/// </summary>
public sealed record OpaqueBlock(string Provider, string Kind, JsonElement Payload) : ContentBlock;
