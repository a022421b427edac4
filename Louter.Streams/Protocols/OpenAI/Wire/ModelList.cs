namespace Louter.Streams.Protocols.OpenAI.Wire;

/// <summary>GET /v1/models.</summary>
public sealed class ModelList
{
    public string Object { get; set; } = "list";
    public List<ModelEntry> Data { get; set; } = [];
}

public sealed class ModelEntry
{
    public required string Id { get; set; }
    public string Object { get; set; } = "model";
    public long Created { get; set; }
    public string OwnedBy { get; set; } = "louter";
}
