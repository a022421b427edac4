using System.Text.Json.Serialization;

namespace Louter.Streams.Protocols.OpenAI.Wire;

/// <summary>A message's content: a plain string, or an array of typed parts.</summary>
[JsonConverter(typeof(ChatContentConverter))]
public sealed class ChatContent
{
    public string? Text { get; init; }
    public List<ChatContentPart>? Parts { get; init; }

    /// <summary>All text in this content, parts joined by newlines.</summary>
    public string AllText() => Text ?? string.Join("\n", Parts?.Where(p => p.Text is not null).Select(p => p.Text) ?? []);
}
