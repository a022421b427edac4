namespace Louter.Streams.Canonical;

/// <summary>Why the model stopped, in one vocabulary; each codec keeps the provider's raw reason beside it.</summary>
public enum StopReason
{
    EndTurn,
    MaxTokens,
    StopSequence,
    ToolUse,
    ContentFilter,
    Refusal,
    /// <summary>Anthropic pause_turn: a long-running turn paused; send it back to continue.</summary>
    Pause,
    ContextWindowExceeded,
    Other,
}
