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
