namespace Louter.Streams.Protocols.Gemini.Wire;

/// <summary>
/// A generateContent answer, or one chunk of a streamed one (each chunk has this same shape; usage
/// is a running total). <see cref="Error"/> is set on the error element a broken stream ends with.
/// </summary>
public sealed class GenerateContentResponse
{
    public List<Candidate>? Candidates { get; set; }
    public PromptFeedback? PromptFeedback { get; set; }
    public UsageMetadata? UsageMetadata { get; set; }
    public string? ModelVersion { get; set; }
    public string? ResponseId { get; set; }
    public GeminiError? Error { get; set; }
}
