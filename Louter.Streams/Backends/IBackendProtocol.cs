using Louter.Streams.Pipeline;
using Louter.Streams.Routing;
using Louter.Streams.Sse;

namespace Louter.Streams.Backends;

/// <summary>
/// How to talk to one kind of backend: build its HTTP request from an exchange and recognise the
/// end of its streams. Narrow on purpose: status mapping, timeouts and reading are shared.
/// </summary>
public interface IBackendProtocol
{
    /// <summary>Whether this backend protocol can serve requests that arrived through <paramref name="frontend"/>.</summary>
    bool Serves(IFrontend frontend);

    HttpRequestMessage CreateRequest(Exchange exchange, RouteCandidate target);

    /// <summary>True for the event that ends a successful stream (OpenAI Chat: <c>data: [DONE]</c>), given its name and data.</summary>
    bool IsTerminal(string? eventName, ReadOnlySpan<byte> data);

    /// <summary>The upstream's error message from an error body, if it has one in this protocol's shape.</summary>
    string? ErrorMessage(ReadOnlySpan<byte> body);
}
