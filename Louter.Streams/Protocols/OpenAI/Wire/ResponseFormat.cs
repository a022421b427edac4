using System.Text.Json;

namespace Louter.Streams.Protocols.OpenAI.Wire;

/// <summary>"text" | "json_object" | "json_schema" (with a schema).</summary>
public sealed class ResponseFormat
{
    public string? Type { get; set; }
    public JsonElement? JsonSchema { get; set; }
}
