using System.Text.Json;
using System.Text.Json.Serialization;

namespace Louter.Streams.Protocols.Anthropic.Wire;

/// <summary>
/// A tool the client offers. Custom tools (no type, or "custom") are typed; server and
/// Anthropic-defined tools (web_search_20250305, bash_20250124, text_editor_..., computer_...)
/// are kept whole in <see cref="Raw"/>: their shape is Anthropic's and changes with each version.
/// </summary>
public sealed class ToolParam
{
    public string? Type { get; set; }
    public string? Name { get; set; }
    public string? Description { get; set; }
    public JsonElement? InputSchema { get; set; }
    public CacheControlParam? CacheControl { get; set; }

    [JsonIgnore]
    public JsonElement? Raw { get; set; }

    public static bool IsCustom(string? type) => type is null or "custom";
}
