namespace Louter.Streams.Protocols.Gemini.Wire;

/// <summary>
/// Gemini 2.5 takes a token budget (0 = off where the model allows it, -1 = dynamic); Gemini 3 takes a
/// level (minimal | low | medium | high). The API rejects a request that sets both.
/// </summary>
public sealed class ThinkingConfig
{
    public long? ThinkingBudget { get; set; }
    public bool? IncludeThoughts { get; set; }
    public string? ThinkingLevel { get; set; }
}
