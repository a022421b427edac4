using System.Text.Json;

namespace Louter.Streams.Protocols.OpenAI.Wire;

public sealed class ChatTool
{
    public string? Type { get; set; }
    public FunctionDefinition? Function { get; set; }
}

public sealed class FunctionDefinition
{
    public string? Name { get; set; }
    public string? Description { get; set; }
    public JsonElement? Parameters { get; set; }
    public bool? Strict { get; set; }
}

public sealed class ChatToolCall
{
    /// <summary>Streaming deltas identify a call by index, not by id (some servers change the id every chunk).</summary>
    public int? Index { get; set; }
    public string? Id { get; set; }
    public string? Type { get; set; }
    public FunctionCall? Function { get; set; }
}

public sealed class FunctionCall
{
    public string? Name { get; set; }
    public string? Arguments { get; set; }
}
