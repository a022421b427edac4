namespace Louter.Streams.Pipeline;

/// <summary>
/// A frontend whose same-protocol streams Louter relays as the upstream's bytes: the backend stage
/// finds the events in place (<see cref="Sse.SseReader.LocateAsync"/>), this reads each one for
/// what the relay must know, and the bytes of a run of events go to the client as they came — no
/// copy per event, no re-framing — unless an event is one the client must not see.
/// </summary>
public interface IRawRelay
{
    /// <summary>Whether this exchange's stream can be relayed as the upstream's bytes (a Gemini client that asked for a JSON array cannot).</summary>
    bool RelaysRaw(Exchange exchange);

    /// <summary>
    /// Reads usage, errors and the trace's facts from one upstream event of a relayed stream; false
    /// when the client is not to see it (OpenAI's usage-only chunk it did not ask for).
    /// </summary>
    bool Observe(Exchange exchange, string? eventName, ReadOnlySpan<byte> data);
}
