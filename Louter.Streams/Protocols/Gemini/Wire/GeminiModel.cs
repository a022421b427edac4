namespace Louter.Streams.Protocols.Gemini.Wire;

/// <summary>One entry of <c>GET /v1beta/models</c>: <c>name</c> is the resource name "models/{id}".</summary>
public sealed class GeminiModel
{
    public required string Name { get; set; }
    public string? BaseModelId { get; set; }
    public string? Version { get; set; }
    public string? DisplayName { get; set; }
    public string? Description { get; set; }
    public long? InputTokenLimit { get; set; }
    public long? OutputTokenLimit { get; set; }
    public List<string> SupportedGenerationMethods { get; set; } = [];
}
