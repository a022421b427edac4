namespace Louter.Streams.Protocols.Anthropic.Wire;

/// <summary>
/// Anthropic usage. input_tokens EXCLUDES cache reads and writes (they are counted apart), unlike
/// Louter's canonical convention; see <see cref="AnthropicUsage"/>. In a stream, message_delta
/// carries running totals, and fields it omits keep their message_start values.
/// </summary>
public sealed class MessageUsage
{
    public long? InputTokens { get; set; }
    public long? CacheCreationInputTokens { get; set; }
    public long? CacheReadInputTokens { get; set; }
    public long? OutputTokens { get; set; }
}
