using Louter.Streams.Canonical;
using Louter.Streams.Pipeline;
using Louter.Streams.Routing;
using Louter.Streams.Sse;

namespace Louter.Streams.Codecs;

/// <summary>
/// The upstream side of a protocol: canonical request → this protocol's HTTP request, and this
/// protocol's answers → canonical. Narrow on purpose: status mapping, timeouts and reading are shared
/// (<see cref="Backends.UpstreamCall"/>).
/// </summary>
public interface IBackendCodec
{
    BackendProtocol Protocol { get; }

    /// <summary>
    /// The HTTP request for a canonical chat request: URL (from the backend's base URL), native auth,
    /// body with the backend's model name (<see cref="RouteCandidate.UpstreamModel"/>), stream flag.
    /// </summary>
    HttpRequestMessage CreateRequest(ChatRequest request, RouteCandidate target);

    /// <summary>A decoder for one exchange's streamed answer.</summary>
    IStreamDecoder CreateStreamDecoder();

    /// <summary>A complete non-streamed answer → canonical.</summary>
    ChatResponse DecodeResponse(ReadOnlySpan<byte> body);

    /// <summary>True for the event after which the upstream sends nothing more (Louter stops reading); its data may be a slice of the reader's buffer.</summary>
    bool IsTerminal(string? eventName, ReadOnlySpan<byte> data);

    /// <summary>The upstream's error message from an error body in this protocol's shape, if it has one.</summary>
    string? ErrorMessage(ReadOnlySpan<byte> body);
}
