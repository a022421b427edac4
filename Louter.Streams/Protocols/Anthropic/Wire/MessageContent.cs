using System.Text.Json.Serialization;

namespace Louter.Streams.Protocols.Anthropic.Wire;

/// <summary>
/// A message's (or system prompt's, or tool result's) content: a plain string, or an array of
/// content blocks.
/// </summary>
[JsonConverter(typeof(MessageContentConverter))]
public sealed class MessageContent
{
    public string? Text { get; init; }
    public List<WireBlock?>? Blocks { get; init; }

    public static MessageContent Of(string text) => new() { Text = text };

    public static MessageContent Of(List<WireBlock?> blocks) => new() { Blocks = blocks };
}
