namespace Louter.Streams.Protocols.Gemini.Wire;

/// <summary>
/// <c>models/{model}:countTokens</c>: either bare <see cref="Contents"/> or a whole
/// <see cref="GenerateContentRequest"/> (system instruction and tools count too), never both.
/// </summary>
public sealed class CountTokensRequest
{
    public List<Content>? Contents { get; set; }
    public GenerateContentRequest? GenerateContentRequest { get; set; }
}
