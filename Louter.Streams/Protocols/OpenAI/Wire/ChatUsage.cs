namespace Louter.Streams.Protocols.OpenAI.Wire;

/// <summary>
/// OpenAI usage. prompt_tokens already includes cached tokens; completion_tokens already includes
/// reasoning tokens.
/// </summary>
public sealed class ChatUsage
{
    public long PromptTokens { get; set; }
    public long CompletionTokens { get; set; }
    public long TotalTokens { get; set; }
    public PromptTokensDetails? PromptTokensDetails { get; set; }
    public CompletionTokensDetails? CompletionTokensDetails { get; set; }
}

public sealed class PromptTokensDetails
{
    public long? CachedTokens { get; set; }
    public long? AudioTokens { get; set; }
}

public sealed class CompletionTokensDetails
{
    public long? ReasoningTokens { get; set; }
    public long? AudioTokens { get; set; }
}
