namespace Louter.Streams.Protocols.Gemini.Wire;

/// <summary>A candidate as <see cref="GeminiChunkProbe"/> sees it: only whether it finished.</summary>
public sealed class CandidateProbe
{
    public string? FinishReason { get; set; }
}
