using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using Louter.Streams.Backends;
using Louter.Streams.Canonical;
using Louter.Streams.Pipeline;
using Louter.Streams.Codecs;
using Louter.Streams.Protocols.OpenAI;
using Louter.Streams.Protocols.Responses.Wire;
using Louter.Streams.Routing;
using Louter.Streams.Sse;

namespace Louter.Streams.Protocols.Responses;

/// <summary>
/// Backends that speak the OpenAI Responses API (<c>POST /v1/responses</c>): OpenAI models offered
/// only through Responses, and servers that imitate it. Requests from any client protocol arrive as
/// canonical requests (<see cref="ResponsesRequestBuilder"/>); answers are read back by
/// <see cref="ResponsesResponseDecoder"/> and <see cref="ResponsesStreamDecoder"/>. A Responses
/// client's own body takes the fast path (<see cref="IBackendProtocol"/>): forwarded with the model
/// changed, and the whole conversation spelled out when it was rebuilt from stored responses.
/// </summary>
public sealed class ResponsesBackend : IBackendCodec, IBackendProtocol
{
    /// <summary>The provider name on opaque blocks that only a Responses backend may receive back.</summary>
    public const string Provider = "openai-responses";

    /// <summary>The opaque block kind of a reasoning item; its payload is the item's JSON.</summary>
    public const string ReasoningKind = "reasoning";

    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly Uri DefaultBase = new("https://api.openai.com/v1");

    private static readonly HashSet<string> TerminalEvents = new(StringComparer.Ordinal)
    {
        "response.completed", "response.incomplete", "response.failed", "error",
    };

    private readonly ConcurrentDictionary<Uri, Uri> _endpoints = new();

    public BackendProtocol Protocol => BackendProtocol.OpenAIResponses;

    /// <exception cref="CodecException">The request holds something the Responses API cannot take (audio, video, another provider's file).</exception>
    public HttpRequestMessage CreateRequest(ChatRequest request, RouteCandidate target) =>
        NewRequest(JsonSerializer.SerializeToUtf8Bytes(ResponsesRequestBuilder.Build(request, target), ResponsesJson.Writer.ResponsesRequest), request.Stream, target);

    // ── fast path: a Responses client's body ──

    public bool Serves(IFrontend frontend) => frontend is ResponsesFrontend;

    public HttpRequestMessage CreateRequest(Exchange exchange, RouteCandidate target)
    {
        var decoded = (ResponsesDecoded)exchange.Request!;
        var body = ResponsesRequestRewriter.Rewrite(exchange.Body.Span, target.UpstreamModel, decoded.HasHistory ? decoded.Items : null);
        return NewRequest(body, decoded.Stream, target);
    }

    private HttpRequestMessage NewRequest(byte[] body, bool stream, RouteCandidate target)
    {
        var http = new HttpRequestMessage(HttpMethod.Post, Endpoint(target.Backend))
        {
            Content = new ByteArrayContent(body),
            Version = System.Net.HttpVersion.Version11,
        };
        http.Content.Headers.ContentType = Json;
        UpstreamHeaders.Accept(http, stream);
        // The backend's own key; the client's credentials are never forwarded.
        if (!string.IsNullOrEmpty(target.Backend.ApiKey))
            http.Headers.Authorization = new AuthenticationHeaderValue("Bearer", target.Backend.ApiKey);
        return http;
    }

    public IStreamDecoder CreateStreamDecoder() => new ResponsesStreamDecoder();

    /// <exception cref="JsonException">The body is not a response object.</exception>
    /// <exception cref="CodecException">The upstream answered with a failed response.</exception>
    public ChatResponse DecodeResponse(ReadOnlySpan<byte> body) => ResponsesResponseDecoder.Decode(body);

    /// <summary>
    /// Responses streams end with response.completed, .incomplete or .failed, or an error event —
    /// no [DONE]. OpenAI names every event; a server that sends only data lines is judged by the data's "type".
    /// </summary>
    public bool IsTerminal(string? eventName, ReadOnlySpan<byte> data)
    {
        if (eventName is { } name) return TerminalEvents.Contains(name);
        try
        {
            return JsonSerializer.Deserialize(data, ResponsesJsonContext.Default.ResponsesEvent)?.Type is { } type && TerminalEvents.Contains(type);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Responses errors have OpenAI's shape, <c>{"error":{"message","type","param","code"}}</c>.</summary>
    public string? ErrorMessage(ReadOnlySpan<byte> body) => OpenAIErrors.MessageOf(body);

    public Uri Endpoint(BackendDescriptor backend) =>
        _endpoints.GetOrAdd(backend.BaseUrl ?? DefaultBase, static b => ResponsesUri(b));

    /// <summary>
    /// Base URL → responses endpoint, as for Chat Completions: a bare host gets "/v1"
    /// (https://api.openai.com → /v1/responses); any path is kept as the API root
    /// (https://api.openai.com/v1, https://example.openai.azure.com/openai/v1).
    /// </summary>
    public static Uri ResponsesUri(Uri baseUrl)
    {
        var path = baseUrl.AbsolutePath.TrimEnd('/');
        if (path.Length == 0) path = "/v1";
        return new UriBuilder(baseUrl) { Path = path + "/responses" }.Uri;
    }
}
