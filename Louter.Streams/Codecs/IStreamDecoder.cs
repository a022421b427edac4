using Louter.Streams.Canonical;
using Louter.Streams.Sse;

namespace Louter.Streams.Codecs;

/// <summary>
/// Reads one backend's streamed answer into canonical events, for one exchange (explicit per-stream
/// state). Must ignore event types and fields it does not know.
/// </summary>
public interface IStreamDecoder
{
    /// <summary>Appends the canonical events carried by one upstream SSE event (possibly none).</summary>
    void Decode(in SseEvent upstreamEvent, List<StreamEvent> output);

    /// <summary>
    /// The same for an event found in place: its data is a slice of the reader's buffer, valid only
    /// during the call. A decoder that only parses the data implements this without the copy the
    /// default makes (a translated stream otherwise allocates an array per event).
    /// </summary>
    void Decode(string? eventName, ReadOnlySpan<byte> data, List<StreamEvent> output) => Decode(new SseEvent(eventName, data.ToArray()), output);

    /// <summary>
    /// The upstream body ended. Append what completes the canonical stream (close an open block,
    /// MessageDelta, MessageStop) — or a <see cref="StreamError"/> if the upstream ended before
    /// its answer was complete (an OpenAI stream without [DONE], an Anthropic one without message_stop).
    /// </summary>
    void Complete(List<StreamEvent> output);
}
