using System.Text.Json.Serialization;
using System.Text.Json;

namespace Louter.Streams.Protocols.Anthropic.Wire;

/// <summary>
/// One content block, in requests and responses alike: text, image, document, tool_use,
/// tool_result, thinking. One flat record: each type uses the fields it needs. Every other block
/// type (redacted_thinking, server_tool_use, web_search_tool_result, search_result, ...) is kept
/// whole in <see cref="Raw"/> and written back verbatim, because its fields are Anthropic's to
/// define and only Anthropic may receive it again.
/// </summary>
public sealed class WireBlock
{
    public string? Type { get; set; }

    // text
    public string? Text { get; set; }
    public JsonElement? Citations { get; set; }
    public CacheControlParam? CacheControl { get; set; }

    // image, document
    public BlockSource? Source { get; set; }
    public string? Title { get; set; }
    public string? Context { get; set; }

    // tool_use
    public string? Id { get; set; }
    public string? Name { get; set; }
    public JsonElement? Input { get; set; }

    // tool_result
    public string? ToolUseId { get; set; }
    public MessageContent? Content { get; set; }
    public bool? IsError { get; set; }

    // thinking
    public string? Thinking { get; set; }
    public string? Signature { get; set; }

    /// <summary>The whole block as received, for block types Louter does not model.</summary>
    [JsonIgnore]
    public JsonElement? Raw { get; set; }

    /// <summary>The block types with typed fields above; any other type is kept raw.</summary>
    public static bool IsTyped(string? type) =>
        type is "text" or "image" or "document" or "tool_use" or "tool_result" or "thinking";

    public static WireBlock OfRaw(JsonElement raw, string? type) => new() { Type = type, Raw = raw };
}
