using Louter.Streams.Errors;

namespace Louter.Streams.Canonical;

/// <summary>
/// A streamed answer in canonical form, shaped like Anthropic's grammar (the most explicit one):
/// MessageStart, then per content block BlockStart → BlockDelta* → BlockStop (one block open at a
/// time, indexes from 0 in arrival order), then MessageDelta (stop reason, usage) and MessageStop.
/// An Error may end the stream at any point.
/// </summary>
public abstract record StreamEvent
{
    private protected StreamEvent() { }
}

public sealed record MessageStart(string Id, string Model) : StreamEvent
{
    public TokenUsage? Usage { get; init; }
}

public enum BlockKind
{
    Text,
    ToolUse,
    Thinking,
    /// <summary>An opaque provider block that arrives whole (Anthropic redacted_thinking).</summary>
    Opaque,
}

public sealed record BlockStart(int Index, BlockKind Kind) : StreamEvent
{
    /// <summary>ToolUse: the call's id and tool name.</summary>
    public string? ToolId { get; init; }
    public string? ToolName { get; init; }

    /// <summary>ToolUse: Gemini's thought signature for this call.</summary>
    public string? ThoughtSignature { get; init; }

    /// <summary>Opaque: the whole block.</summary>
    public OpaqueBlock? Opaque { get; init; }
}

public enum DeltaKind
{
    Text,
    /// <summary>A fragment of a tool call's arguments JSON.</summary>
    ArgumentsJson,
    Thinking,
    /// <summary>The signature of the thinking block (Anthropic signature_delta).</summary>
    Signature,
}

public sealed record BlockDelta(int Index, DeltaKind Kind, string Text) : StreamEvent;

public sealed record BlockStop(int Index) : StreamEvent;

/// <summary>The end of the answer's content: why it stopped, and usage so far (running totals, replace don't add).</summary>
public sealed record MessageDelta(StopReason StopReason) : StreamEvent
{
    public string? RawStopReason { get; init; }
    public string? StopSequence { get; init; }
    public TokenUsage? Usage { get; init; }

    /// <summary>
    /// This delta as the one that stands after <paramref name="earlier"/>: its own stop reason, and
    /// usage and stop sequence from the latest delta that had them (usage is cumulative: replace, never add).
    /// </summary>
    public MessageDelta After(MessageDelta? earlier) =>
        earlier is null ? this : this with { Usage = Usage ?? earlier.Usage, StopSequence = StopSequence ?? earlier.StopSequence };
}

public sealed record MessageStop : StreamEvent
{
    public static readonly MessageStop Instance = new();
}

/// <summary>The stream failed; the frontend renders it as its protocol's in-stream error.</summary>
public sealed record StreamError(GatewayError Error) : StreamEvent;
