using System.Text.Json;

namespace Louter.Streams.Protocols.Gemini.Wire;

/// <summary>One candidate answer. Louter asks for and relays candidate 0 only.</summary>
public sealed class Candidate
{
    public Content? Content { get; set; }

    /// <summary>Absent until the last chunk; STOP also ends a turn of function calls.</summary>
    public string? FinishReason { get; set; }
    public string? FinishMessage { get; set; }
    public int? Index { get; set; }
    public JsonElement? SafetyRatings { get; set; }
    public JsonElement? CitationMetadata { get; set; }
}
