using Louter.Streams.Canonical;

namespace Louter.Streams.Tracing;

/// <summary>A canonical stop reason as a finish reason, for a backend that did not give its own string.</summary>
public static class FinishReasons
{
    public static string Of(StopReason reason) => reason switch
    {
        StopReason.EndTurn => "stop",
        StopReason.MaxTokens => "length",
        StopReason.StopSequence => "stop",
        StopReason.ToolUse => "tool_calls",
        StopReason.ContentFilter => "content_filter",
        StopReason.Refusal => "refusal",
        StopReason.Pause => "pause_turn",
        StopReason.ContextWindowExceeded => "context_window_exceeded",
        _ => "other",
    };
}
