using System.Buffers;
using Louter.Streams.Canonical;
using Louter.Streams.Classification;
using Louter.Streams.Codecs;
using Louter.Streams.Errors;
using Louter.Streams.Routing;

namespace Louter.Streams.Pipeline;

/// <summary>
/// One client-facing protocol (OpenAI Chat, Anthropic Messages, Gemini): how to decode its requests,
/// how to answer in it — relaying a backend of the same protocol as is (the fast path), or encoding
/// canonical answers from any other — and how to render errors in its shape.
/// </summary>
public interface IFrontend
{
    /// <summary>Short name for logs and metrics labels, e.g. "openai", "anthropic", "gemini".</summary>
    string Name { get; }

    /// <summary>
    /// The backend protocol that speaks this frontend's wire format. A backend of that protocol gets
    /// the client's body with only routing's changes, and its answer is relayed through <see cref="PassThrough"/>.
    /// </summary>
    BackendProtocol Protocol { get; }

    /// <summary>Decodes <see cref="Exchange.Body"/> (and <see cref="Exchange.Route"/> hints); sets <see cref="Exchange.Request"/> or <see cref="Exchange.Error"/>.</summary>
    void Decode(Exchange exchange);

    /// <summary>Classifies the decoded request's needs.</summary>
    RequestNeeds Classify(DecodedRequest request);

    /// <summary>The decoded request in canonical form, for a backend of another protocol.</summary>
    ChatRequest ToCanonical(DecodedRequest request);

    /// <summary>An encoder for one exchange's answer from a backend of another protocol.</summary>
    IResponseEncoder CreateEncoder(Exchange exchange);

    /// <summary>
    /// Same-protocol relay: a backend frame → client frame, or null to drop it (e.g. a usage chunk
    /// the client did not ask for). Called for every frame once the backend is chosen, Error frames
    /// too: a frontend may write an in-stream error itself (a Gemini JSON array needs an element and
    /// its closing bracket) or return an Error client frame for the graph to render.
    /// </summary>
    ClientFrame? PassThrough(in BackendFrame frame);

    /// <summary>
    /// Same-protocol relay of one upstream event of a batch (events that arrived together), written
    /// straight onto the batch's bytes. Returns what is not data to write (a head, an error, a skip),
    /// or null. The default goes through <see cref="PassThrough"/>; a frontend may write without the
    /// intermediate frame and array.
    /// </summary>
    ClientFrame? PassThroughInto(Exchange exchange, in Sse.SseEvent upstreamEvent, System.Buffers.ArrayBufferWriter<byte> output)
    {
        var frame = PassThrough(new BackendFrame(exchange, BackendFrameKind.Event) { Data = upstreamEvent.Data, EventName = upstreamEvent.Event });
        if (frame is not { Kind: ClientFrameKind.Data }) return frame;
        output.Write(frame.Data.Span);
        return null;
    }

    /// <summary>The HTTP status this protocol uses for an error (Anthropic answers "overloaded" with 529).</summary>
    int StatusOf(GatewayError error) => error.Status;

    /// <summary>An error as a complete HTTP response body in this protocol's shape.</summary>
    byte[] RenderError(GatewayError error);

    /// <summary>An error as an in-stream event, for failures after streaming began (same-protocol relay).</summary>
    byte[] RenderStreamError(GatewayError error);
}
