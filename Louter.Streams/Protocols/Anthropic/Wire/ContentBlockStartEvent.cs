using System.Text.Json.Serialization;

namespace Louter.Streams.Protocols.Anthropic.Wire;

/// <summary>Opens block <see cref="Index"/>: an empty text or thinking block, a tool_use with <c>"input":{}</c>, or a whole raw block.</summary>
public sealed class ContentBlockStartEvent
{
    public string Type { get; set; } = "content_block_start";
    public int Index { get; set; }

    [JsonConverter(typeof(WireBlockConverter))]
    public required WireBlock ContentBlock { get; set; }
}
