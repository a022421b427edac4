using System.Text.Json.Serialization;

namespace Louter.Streams.Protocols.Anthropic.Wire;

/// <summary>GET /v1/models in Anthropic's shape (Claude Code lists only ids starting with "claude" or "anthropic").</summary>
public sealed class ModelList
{
    public List<ModelInfo> Data { get; set; } = [];
    public bool HasMore { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? FirstId { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? LastId { get; set; }
}

public sealed class ModelInfo
{
    public string Type { get; set; } = "model";
    public required string Id { get; set; }
    public string? DisplayName { get; set; }

    /// <summary>RFC 3339, e.g. "2025-02-19T00:00:00Z".</summary>
    public string? CreatedAt { get; set; }
}
