namespace Louter.Streams.Protocols.Gemini.Wire;

/// <summary><c>{"totalTokens": N}</c>.</summary>
public sealed class CountTokensResponse
{
    public long TotalTokens { get; set; }
}
