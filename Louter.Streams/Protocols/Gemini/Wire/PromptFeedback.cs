using System.Text.Json;

namespace Louter.Streams.Protocols.Gemini.Wire;

/// <summary>Set when the prompt itself was blocked: the answer then has no candidates and no finishReason.</summary>
public sealed class PromptFeedback
{
    public string? BlockReason { get; set; }
    public JsonElement? SafetyRatings { get; set; }
}
