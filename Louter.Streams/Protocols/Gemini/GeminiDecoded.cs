using Louter.Streams.Pipeline;
using Louter.Streams.Protocols.Gemini.Wire;

namespace Louter.Streams.Protocols.Gemini;

/// <summary>A decoded generateContent request: the typed wire record, with what the URL said.</summary>
public sealed class GeminiDecoded : DecodedRequest
{
    public required GenerateContentRequest Wire { get; init; }

    /// <summary>A stream the client wants as one JSON array (no <c>alt=sse</c>) rather than SSE.</summary>
    public bool JsonArrayStream { get; init; }

    /// <summary>
    /// Per-exchange state of the same-protocol relay: the frontend is a singleton and
    /// <see cref="IFrontend.PassThrough"/> sees one frame at a time, so what it must remember
    /// between frames of one exchange lives with that exchange's request. Touched only by the
    /// translate stage, one frame at a time.
    /// </summary>
    internal RelayState Relay { get; } = new();

    internal sealed class RelayState
    {
        /// <summary>The "[" of a JSON-array stream has been written.</summary>
        public bool ArrayStarted { get; set; }

        /// <summary>A chunk carried a finishReason, a prompt block reason, or an error: the stream ended on purpose.</summary>
        public bool Finished { get; set; }
    }
}
