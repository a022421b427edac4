using System.Net.Http.Headers;
using Louter.Streams.Backends;
using Louter.Streams.Canonical;
using Louter.Streams.Codecs;
using Louter.Streams.Pipeline;
using Louter.Streams.Routing;
using Louter.Streams.Sse;

namespace Louter.Streams.Protocols.Gemini;

/// <summary>
/// Backends that speak the Gemini API (Google AI Studio's generativelanguage endpoint and servers
/// that imitate it). Two paths: a Gemini client's body forwarded as is (<see cref="IBackendProtocol"/>;
/// the model is in the URL, so nothing in the body changes), or a canonical request from any other
/// frontend built by <see cref="GeminiRequestBuilder"/> and answered through <see cref="GeminiStreamDecoder"/>.
/// </summary>
public sealed class GeminiBackend : IBackendCodec, IBackendProtocol, IRetryAfterSource
{
    public const string ApiKeyHeader = "x-goog-api-key";

    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public BackendProtocol Protocol => BackendProtocol.Gemini;

    public bool Serves(IFrontend frontend) => frontend is GeminiFrontend;

    public HttpRequestMessage CreateRequest(ChatRequest request, RouteCandidate target)
    {
        var body = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(GeminiRequestBuilder.ToWire(request), GeminiJson.Writer.GenerateContentRequest);
        return Build(new ByteArrayContent(body), target, request.Stream);
    }

    public HttpRequestMessage CreateRequest(Exchange exchange, RouteCandidate target) =>
        Build(new ReadOnlyMemoryContent(exchange.Body), target, exchange.Request!.Stream);

    public IStreamDecoder CreateStreamDecoder() => new GeminiStreamDecoder();

    /// <summary>
    /// A decoder that knows the request's freeform tools, whose calls come back as the raw "input"
    /// string rather than JSON. <see cref="IBackendCodec.CreateStreamDecoder"/> takes no request, so
    /// the graph needs this overload (or the interface the request) for freeform tools to round-trip.
    /// </summary>
    public IStreamDecoder CreateStreamDecoder(ChatRequest request) => new GeminiStreamDecoder(GeminiRequestBuilder.FreeformTools(request));

    public ChatResponse DecodeResponse(ReadOnlySpan<byte> body) => GeminiResponseDecoder.Decode(body);

    /// <summary>As <see cref="DecodeResponse(ReadOnlySpan{byte})"/>, knowing the request's freeform tools.</summary>
    public ChatResponse DecodeResponse(ReadOnlySpan<byte> body, ChatRequest request) =>
        GeminiResponseDecoder.Decode(body, GeminiRequestBuilder.FreeformTools(request));

    /// <summary>Gemini streams have no terminal event; the body simply ends (see <see cref="GeminiStreamDecoder.Complete"/>).</summary>
    public bool IsTerminal(string? eventName, ReadOnlySpan<byte> data) => false;

    public string? ErrorMessage(ReadOnlySpan<byte> body) => GeminiErrors.MessageOf(body);

    /// <summary>The delay a 429 body asks for (google.rpc.RetryInfo), since Gemini sends no Retry-After header.</summary>
    public static TimeSpan? RetryAfter(ReadOnlySpan<byte> body) => GeminiErrors.RetryDelay(body);

    public TimeSpan? RetryAfterFromBody(ReadOnlySpan<byte> body) => RetryAfter(body);

    private static HttpRequestMessage Build(HttpContent content, RouteCandidate target, bool stream)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, GeminiEndpoints.GenerateContent(target.Backend.BaseUrl, target.UpstreamModel, stream))
        {
            Content = content,
            Version = System.Net.HttpVersion.Version11,
        };
        request.Content.Headers.ContentType = Json;
        UpstreamHeaders.Accept(request, stream);
        // The backend's own key; the client's key (header or ?key=) is never forwarded.
        if (!string.IsNullOrEmpty(target.Backend.ApiKey))
            request.Headers.TryAddWithoutValidation(ApiKeyHeader, target.Backend.ApiKey);
        return request;
    }
}
