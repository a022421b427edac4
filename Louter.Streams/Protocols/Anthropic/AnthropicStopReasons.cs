using Louter.Streams.Canonical;

namespace Louter.Streams.Protocols.Anthropic;

/// <summary>Anthropic stop_reason ↔ canonical <see cref="StopReason"/>.</summary>
public static class AnthropicStopReasons
{
    public static StopReason ToCanonical(string? reason) => reason switch
    {
        "end_turn" => StopReason.EndTurn,
        "max_tokens" => StopReason.MaxTokens,
        "stop_sequence" => StopReason.StopSequence,
        "tool_use" => StopReason.ToolUse,
        "pause_turn" => StopReason.Pause,
        "refusal" => StopReason.Refusal,
        "model_context_window_exceeded" => StopReason.ContextWindowExceeded,
        _ => StopReason.Other,
    };

    /// <summary>
    /// Canonical → Anthropic. A content filter is what Anthropic calls a refusal; "other" has no
    /// Anthropic name, and end_turn is what a client expects of an answer that simply ended.
    /// </summary>
    public static string FromCanonical(StopReason reason) => reason switch
    {
        StopReason.EndTurn => "end_turn",
        StopReason.MaxTokens => "max_tokens",
        StopReason.StopSequence => "stop_sequence",
        StopReason.ToolUse => "tool_use",
        StopReason.ContentFilter => "refusal",
        StopReason.Refusal => "refusal",
        StopReason.Pause => "pause_turn",
        StopReason.ContextWindowExceeded => "model_context_window_exceeded",
        _ => "end_turn",
    };
}
