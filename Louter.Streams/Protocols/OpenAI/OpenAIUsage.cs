using Louter.Streams.Canonical;
using Louter.Streams.Protocols.OpenAI.Wire;

namespace Louter.Streams.Protocols.OpenAI;

/// <summary>OpenAI usage → Louter's convention (OpenAI's already matches: prompt includes cached, completion includes reasoning).</summary>
public static class OpenAIUsage
{
    public static TokenUsage ToCanonical(ChatUsage u) => new(u.PromptTokens, u.CompletionTokens)
    {
        CacheRead = u.PromptTokensDetails?.CachedTokens ?? 0,
        Reasoning = u.CompletionTokensDetails?.ReasoningTokens ?? 0,
    };
}
