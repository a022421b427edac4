using Louter.Streams.Errors;

namespace Louter.Streams.Pipeline;

public enum BackendFrameKind
{
    /// <summary>The upstream accepted the request: status and headers to pass on.</summary>
    Head,
    /// <summary>One server-sent event of a streamed response.</summary>
    Event,
    /// <summary>
    /// Events of a raw relay (<see cref="IRawRelay"/>): <see cref="BackendFrame.Run"/> holds their bytes
    /// as the upstream sent them, <see cref="BackendFrame.Events"/> where each one is.
    /// </summary>
    Run,
    /// <summary>The whole body of a non-streamed response.</summary>
    Body,
    /// <summary>The attempt failed (before or after Head).</summary>
    Error,
    /// <summary>
    /// A streamed body ended. <see cref="BackendFrame.Complete"/> says whether the protocol's terminal
    /// event came first (OpenAI [DONE], Anthropic message_stop); Gemini has none, its decoder judges.
    /// </summary>
    End,
}

/// <summary>
/// What the backend stage emits: the upstream's answer, piece by piece, in its own wire format.
/// A class, not a struct: Akka.Streams holds stream elements as objects (a struct is boxed per push).
/// </summary>
public sealed record BackendFrame(Exchange Exchange, BackendFrameKind Kind)
{
    public byte[]? Data { get; init; }
    public string? EventName { get; init; }
    public GatewayError? Error { get; init; }
    public string? ContentType { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>End frames: the terminal event was seen before the body ended.</summary>
    public bool Complete { get; init; }

    /// <summary>
    /// Event frames: the events that were already buffered behind this one, in order (null when
    /// none). The translate stage handles each as its own event and writes the results as one. The list
    /// is the backend stage's and is refilled for the next frame: read it before asking for the next.
    /// </summary>
    public IReadOnlyList<Sse.SseEvent>? Rest { get; init; }

    /// <summary>
    /// Run frames: the upstream's bytes of the events, a slice of the SSE reader's buffer — valid until
    /// the backend stage is asked for its next frame, so the sink must have written it by then (it has:
    /// it asks for the next frame only once a write has completed).
    /// </summary>
    public ReadOnlyMemory<byte> Run { get; init; }

    /// <summary>Run frames: the events in <see cref="Run"/>, in order. The backend stage's (pooled) array, refilled for the next frame.</summary>
    public ReadOnlyMemory<Sse.SseEventSpan> Events { get; init; }

    /// <summary>The next frame is ready without waiting on the upstream (its event is already buffered).</summary>
    public bool MoreBuffered { get; init; }

    public static BackendFrame Fail(Exchange exchange, GatewayError error) => new(exchange, BackendFrameKind.Error) { Error = error };
}
