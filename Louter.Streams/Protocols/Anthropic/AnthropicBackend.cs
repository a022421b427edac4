using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using Louter.Streams.Backends;
using Louter.Streams.Canonical;
using Louter.Streams.Codecs;
using Louter.Streams.Pipeline;
using Louter.Streams.Routing;
using Louter.Streams.Sse;

namespace Louter.Streams.Protocols.Anthropic;

/// <summary>
/// Backends that speak Anthropic Messages (Anthropic itself, and Anthropic-compatible endpoints).
/// Two ways in: an Anthropic client's own body with only the model changed (<see cref="IBackendProtocol"/>,
/// the fast path), or a canonical request from a client of another protocol (<see cref="IBackendCodec"/>).
/// </summary>
public sealed class AnthropicBackend : IBackendCodec, IBackendProtocol
{
    /// <summary>The API version Louter's wire records follow; sent unless the client named its own.</summary>
    public const string ApiVersion = "2023-06-01";

    private static readonly MediaTypeHeaderValue Json = new("application/json");

    /// <summary>
    /// Client headers never forwarded, whatever the endpoint collected: credentials are the
    /// backend's own, and the framing headers describe the client's request, not Louter's.
    /// </summary>
    private static readonly HashSet<string> NeverForwarded = new(StringComparer.OrdinalIgnoreCase)
    {
        "x-api-key", "authorization", "proxy-authorization", "cookie", "host", "content-type", "content-length", "accept", "accept-encoding", "connection", "transfer-encoding",
    };

    private readonly ConcurrentDictionary<Uri, Uri> _endpoints = new();

    public BackendProtocol Protocol => BackendProtocol.Anthropic;

    // ── fast path: an Anthropic client's body ──

    public bool Serves(IFrontend frontend) => frontend is AnthropicFrontend;

    public HttpRequestMessage CreateRequest(Exchange exchange, RouteCandidate target)
    {
        var body = AnthropicRequestRewriter.Rewrite(exchange.Body.Span, target.UpstreamModel);
        return NewRequest(target.Backend, body, exchange.Request!.Stream, exchange.Hints.ForwardHeaders);
    }

    // ── canonical path: a client of another protocol ──

    /// <exception cref="CodecException">The request holds something Anthropic cannot take (audio, video, another provider's file).</exception>
    public HttpRequestMessage CreateRequest(ChatRequest request, RouteCandidate target)
    {
        var wire = AnthropicRequestBuilder.Build(request, target);
        var body = JsonSerializer.SerializeToUtf8Bytes(wire, AnthropicJson.Writer.MessagesRequest);
        return NewRequest(target.Backend, body, request.Stream, []);
    }

    public IStreamDecoder CreateStreamDecoder() => new AnthropicStreamDecoder();

    /// <exception cref="InvalidDataException">The body is not an Anthropic Message.</exception>
    public ChatResponse DecodeResponse(ReadOnlySpan<byte> body)
    {
        Wire.MessageResponse? message;
        try
        {
            message = JsonSerializer.Deserialize(body, AnthropicJsonContext.Default.MessageResponse);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException("the response is not an Anthropic Message: " + e.Message, e);
        }
        return message is null
            ? throw new InvalidDataException("the response is not an Anthropic Message (null).")
            : WireToCanonical.Response(message);
    }

    // ── both ──

    /// <summary>
    /// Anthropic streams end with message_stop; nothing follows it. Anthropic names every event; an
    /// Anthropic-compatible server that sends only data lines is judged by the data's "type".
    /// </summary>
    public bool IsTerminal(string? eventName, ReadOnlySpan<byte> data) =>
        eventName == "message_stop" || (eventName is null && Wire.RawJson.TypeOf(data) == "message_stop");

    public string? ErrorMessage(ReadOnlySpan<byte> body) => AnthropicErrors.MessageOf(body);

    public Uri Endpoint(BackendDescriptor backend) =>
        _endpoints.GetOrAdd(backend.BaseUrl ?? AnthropicEndpoints.DefaultBase, static b => AnthropicEndpoints.Messages(b));

    private HttpRequestMessage NewRequest(BackendDescriptor backend, byte[] body, bool stream, IReadOnlyList<KeyValuePair<string, string>> forward)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Endpoint(backend))
        {
            Content = new ByteArrayContent(body),
            Version = System.Net.HttpVersion.Version11,
        };
        request.Content.Headers.ContentType = Json;
        UpstreamHeaders.Accept(request, stream);
        // The backend's own key; the client's x-api-key / Authorization is never forwarded.
        if (!string.IsNullOrEmpty(backend.ApiKey)) request.Headers.TryAddWithoutValidation("x-api-key", backend.ApiKey);

        var hasVersion = false;
        foreach (var (name, value) in forward)
        {
            if (NeverForwarded.Contains(name)) continue;
            hasVersion |= string.Equals(name, "anthropic-version", StringComparison.OrdinalIgnoreCase);
            request.Headers.TryAddWithoutValidation(name, value);
        }
        if (!hasVersion) request.Headers.TryAddWithoutValidation("anthropic-version", ApiVersion);
        return request;
    }
}
