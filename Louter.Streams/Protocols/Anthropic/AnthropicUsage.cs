using Louter.Streams.Canonical;
using Louter.Streams.Protocols.Anthropic.Wire;

namespace Louter.Streams.Protocols.Anthropic;

/// <summary>
/// Anthropic usage ↔ Louter's convention. Anthropic's input_tokens counts only the input that was
/// neither read from nor written to the prompt cache; Louter's Input counts all of it. Budgets and
/// metrics built on the raw input_tokens undercount a cached conversation by most of its length.
/// </summary>
public static class AnthropicUsage
{
    public static TokenUsage ToCanonical(MessageUsage u)
    {
        var cacheRead = u.CacheReadInputTokens ?? 0;
        var cacheWrite = u.CacheCreationInputTokens ?? 0;
        return new TokenUsage((u.InputTokens ?? 0) + cacheRead + cacheWrite, u.OutputTokens ?? 0)
        {
            CacheRead = cacheRead,
            CacheWrite = cacheWrite,
        };
    }

    /// <summary>Canonical → Anthropic: cache reads and writes are taken out of input_tokens (never below zero).</summary>
    public static MessageUsage FromCanonical(TokenUsage u) => new()
    {
        InputTokens = Math.Max(0, u.Input - u.CacheRead - u.CacheWrite),
        CacheCreationInputTokens = u.CacheWrite,
        CacheReadInputTokens = u.CacheRead,
        OutputTokens = u.Output,
    };

    /// <summary>
    /// A stream's running totals after one more usage object: message_delta's numbers replace the
    /// earlier ones (they are cumulative — adding would double count), and what it omits keeps its
    /// earlier value (older API versions send only output_tokens in message_delta).
    /// </summary>
    public static MessageUsage Merge(MessageUsage? earlier, MessageUsage later) => new()
    {
        InputTokens = later.InputTokens ?? earlier?.InputTokens,
        CacheCreationInputTokens = later.CacheCreationInputTokens ?? earlier?.CacheCreationInputTokens,
        CacheReadInputTokens = later.CacheReadInputTokens ?? earlier?.CacheReadInputTokens,
        OutputTokens = later.OutputTokens ?? earlier?.OutputTokens,
    };
}
