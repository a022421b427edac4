namespace Louter.Streams.Protocols.Anthropic.Wire;

/// <summary>One model in the list.</summary>
public sealed class ModelInfo
{
    public string Type { get; set; } = "model";
    public required string Id { get; set; }
    public string? DisplayName { get; set; }

    /// <summary>RFC 3339, e.g. "2025-02-19T00:00:00Z".</summary>
    public string? CreatedAt { get; set; }
}
