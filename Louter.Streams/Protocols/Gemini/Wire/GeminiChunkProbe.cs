namespace Louter.Streams.Protocols.Gemini.Wire;

/// <summary>
/// The few fields of a streamed chunk the same-protocol relay needs — usage, whether the answer
/// finished, an in-stream error — so relaying never deserialises the parts themselves.
/// </summary>
public sealed class GeminiChunkProbe
{
    public List<CandidateProbe>? Candidates { get; set; }
    public UsageMetadata? UsageMetadata { get; set; }
    public PromptFeedback? PromptFeedback { get; set; }
    public GeminiError? Error { get; set; }
}
