using Louter.Streams.Canonical;

namespace Louter.Streams.Protocols.OpenAI.Mapping;

/// <summary>OpenAI finish_reason ↔ canonical stop reason.</summary>
public static class OpenAIStopReasons
{
    public static StopReason ToCanonical(string? finishReason) => finishReason switch
    {
        "stop" => StopReason.EndTurn,
        "length" => StopReason.MaxTokens,
        "tool_calls" or "function_call" => StopReason.ToolUse,
        "content_filter" => StopReason.ContentFilter,
        null => StopReason.EndTurn,
        _ => StopReason.Other,
    };

    /// <summary>
    /// OpenAI has no finish reasons for refusal, pause or a full context window: refusals and filters
    /// are "content_filter", a paused or overflowing turn is "length" (the client should not treat it as done).
    /// </summary>
    public static string FromCanonical(StopReason reason) => reason switch
    {
        StopReason.MaxTokens or StopReason.ContextWindowExceeded or StopReason.Pause => "length",
        StopReason.ToolUse => "tool_calls",
        StopReason.ContentFilter or StopReason.Refusal => "content_filter",
        _ => "stop",
    };
}
