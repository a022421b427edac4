using Louter.Streams.Canonical;
using Louter.Streams.Protocols.Responses.Wire;

namespace Louter.Streams.Protocols.Responses;

/// <summary>How a Responses answer ended (status, incomplete reason) and what it cost, in canonical terms.</summary>
public static class ResponsesCompletion
{
    /// <summary>
    /// The Responses API has no stop reason: a completed response that called a tool stopped for the
    /// tool, one that refused stopped for that; an incomplete one says why in incomplete_details.
    /// </summary>
    public static StopReason StopReasonOf(ResponseObject response, bool calledTool, bool refused) => response.Status switch
    {
        "completed" when calledTool => StopReason.ToolUse,
        "completed" when refused => StopReason.Refusal,
        "completed" => StopReason.EndTurn,
        "incomplete" => response.IncompleteDetails?.Reason switch
        {
            "max_output_tokens" => StopReason.MaxTokens,
            "content_filter" => StopReason.ContentFilter,
            _ => StopReason.Other,
        },
        _ => StopReason.Other,
    };

    /// <summary>The raw reason kept beside the canonical one: the incomplete reason, else the status.</summary>
    public static string? RawStopReasonOf(ResponseObject response) => response.IncompleteDetails?.Reason ?? response.Status;

    /// <summary>Responses usage already follows the canonical convention: input includes cached tokens, output includes reasoning.</summary>
    public static TokenUsage? UsageOf(ResponsesUsage? usage) => usage is null ? null : new TokenUsage(usage.InputTokens, usage.OutputTokens)
    {
        CacheRead = usage.InputTokensDetails?.CachedTokens ?? 0,
        Reasoning = usage.OutputTokensDetails?.ReasoningTokens ?? 0,
    };
}
