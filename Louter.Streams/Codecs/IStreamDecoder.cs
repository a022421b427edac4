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
    /// The upstream body ended. Append what completes the canonical stream (close an open block,
    /// MessageDelta, MessageStop) — or a <see cref="StreamError"/> if the upstream ended before
    /// its answer was complete (an OpenAI stream without [DONE], an Anthropic one without message_stop).
    /// </summary>
    void Complete(List<StreamEvent> output);
}
