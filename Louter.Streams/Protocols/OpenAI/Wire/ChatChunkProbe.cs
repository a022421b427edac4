namespace Louter.Streams.Protocols.OpenAI.Wire;

/// <summary>
/// The few fields of a streamed chunk the pass-through path needs (usage, whether choices is empty,
/// an in-stream error), so relaying a chunk never deserialises its deltas.
/// </summary>
public sealed class ChatChunkProbe
{
    public List<ChunkChoiceProbe>? Choices { get; set; }
    public ChatUsage? Usage { get; set; }
    public OpenAIError? Error { get; set; }
}

public sealed class ChunkChoiceProbe
{
    public int Index { get; set; }
}
