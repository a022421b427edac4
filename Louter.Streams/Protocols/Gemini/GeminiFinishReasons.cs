using Louter.Streams.Canonical;

namespace Louter.Streams.Protocols.Gemini;

/// <summary>
/// Gemini finishReason ⇄ canonical stop reasons. Gemini ends a turn of function calls with plain
/// STOP, so tool use is inferred from the parts; and it has no refusal reason of its own.
/// </summary>
public static class GeminiFinishReasons
{
    public const string Stop = "STOP";
    public const string MaxTokens = "MAX_TOKENS";
    public const string Safety = "SAFETY";
    public const string Other = "OTHER";

    public static StopReason ToCanonical(string finishReason, bool answerHasFunctionCalls) => finishReason switch
    {
        Stop => answerHasFunctionCalls ? StopReason.ToolUse : StopReason.EndTurn,
        MaxTokens => StopReason.MaxTokens,
        // Every reason that means "the output (or prompt) was blocked by a filter".
        Safety or "RECITATION" or "BLOCKLIST" or "PROHIBITED_CONTENT" or "SPII"
            or "IMAGE_SAFETY" or "IMAGE_PROHIBITED_CONTENT" or "IMAGE_RECITATION" or "OTHER_BLOCK_REASON" => StopReason.ContentFilter,
        // MALFORMED_FUNCTION_CALL, UNEXPECTED_TOOL_CALL, TOO_MANY_TOOL_CALLS, LANGUAGE, OTHER, …
        _ => StopReason.Other,
    };

    /// <summary>
    /// Canonical → Gemini. Refusal becomes SAFETY: Gemini's clients treat SAFETY as "the model
    /// declined to answer", the nearest meaning it has. A context-window overrun reads as MAX_TOKENS.
    /// Anthropic's pause_turn has no Gemini counterpart: OTHER.
    /// </summary>
    public static string FromCanonical(StopReason reason) => reason switch
    {
        StopReason.EndTurn or StopReason.ToolUse or StopReason.StopSequence => Stop,
        StopReason.MaxTokens or StopReason.ContextWindowExceeded => MaxTokens,
        StopReason.ContentFilter or StopReason.Refusal => Safety,
        _ => Other,
    };
}
