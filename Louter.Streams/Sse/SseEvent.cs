namespace Louter.Streams.Sse;

/// <summary>One server-sent event: its optional event name and its data lines joined by "\n".</summary>
public readonly record struct SseEvent(string? Event, byte[] Data)
{
    public static readonly byte[] DoneMarker = "[DONE]"u8.ToArray();

    /// <summary>OpenAI Chat's end-of-stream marker, <c>data: [DONE]</c>.</summary>
    public bool IsDone => Data.AsSpan().SequenceEqual(DoneMarker);
}
