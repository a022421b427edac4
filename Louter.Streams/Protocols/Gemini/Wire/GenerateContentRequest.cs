using System.Text.Json;

namespace Louter.Streams.Protocols.Gemini.Wire;

/// <summary>
/// The body of <c>models/{model}:generateContent</c> and <c>:streamGenerateContent</c>: the fields Louter
/// reads. The model and the streaming choice are in the URL, not here. Keys arrive camelCase or
/// snake_case (see <see cref="GeminiJson.Reader"/>); what a canonical request cannot hold is not lost
/// on the same-protocol path, which forwards the client's bytes.
/// </summary>
public sealed class GenerateContentRequest
{
    public List<Content>? Contents { get; set; }
    public Content? SystemInstruction { get; set; }
    public List<Tool>? Tools { get; set; }
    public ToolConfig? ToolConfig { get; set; }
    public GenerationConfig? GenerationConfig { get; set; }

    /// <summary>Category/threshold pairs; Louter has no canonical equivalent and keeps them raw.</summary>
    public JsonElement? SafetySettings { get; set; }

    /// <summary>A cachedContents/… resource: only the Gemini backend that created it can use it.</summary>
    public string? CachedContent { get; set; }

    /// <summary>Only inside a countTokens <c>generateContentRequest</c>, where the API requires it.</summary>
    public string? Model { get; set; }
}
