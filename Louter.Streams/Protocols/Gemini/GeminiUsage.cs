using Louter.Streams.Canonical;
using Louter.Streams.Protocols.Gemini.Wire;

namespace Louter.Streams.Protocols.Gemini;

/// <summary>
/// Gemini usage ⇄ Louter's convention. Gemini's promptTokenCount already includes cached content
/// (as canonical Input does), but candidatesTokenCount EXCLUDES thoughtsTokenCount, while canonical
/// Output includes reasoning: Output = candidates + thoughts. Tokens the model spent on tool-use
/// prompts (toolUsePromptTokenCount, counted beside the prompt in totalTokenCount) are input too.
/// Gemini has no cache-write count.
/// </summary>
public static class GeminiUsage
{
    public static TokenUsage ToCanonical(UsageMetadata u)
    {
        var thoughts = u.ThoughtsTokenCount ?? 0;
        return new TokenUsage(
            (u.PromptTokenCount ?? 0) + (u.ToolUsePromptTokenCount ?? 0),
            (u.CandidatesTokenCount ?? 0) + thoughts)
        {
            CacheRead = u.CachedContentTokenCount ?? 0,
            Reasoning = thoughts,
        };
    }

    /// <summary>Canonical → Gemini. Zero thought and cache counts are left out, as Gemini leaves them out.</summary>
    public static UsageMetadata FromCanonical(TokenUsage u) => new()
    {
        PromptTokenCount = u.Input,
        CandidatesTokenCount = Math.Max(0, u.Output - u.Reasoning),
        ThoughtsTokenCount = u.Reasoning > 0 ? u.Reasoning : null,
        CachedContentTokenCount = u.CacheRead > 0 ? u.CacheRead : null,
        TotalTokenCount = u.Input + u.Output,
    };
}
