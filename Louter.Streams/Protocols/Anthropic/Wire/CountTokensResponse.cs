namespace Louter.Streams.Protocols.Anthropic.Wire;

/// <summary>The count_tokens answer: <c>{"input_tokens": N}</c>.</summary>
public sealed class CountTokensResponse
{
    public long InputTokens { get; set; }
}
