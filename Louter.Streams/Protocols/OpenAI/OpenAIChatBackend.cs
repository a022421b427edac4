using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Louter.Streams.Backends;
using Louter.Streams.Canonical;
using Louter.Streams.Codecs;
using Louter.Streams.Protocols.OpenAI.Mapping;
using Louter.Streams.Pipeline;
using Louter.Streams.Routing;
using Louter.Streams.Sse;

namespace Louter.Streams.Protocols.OpenAI;

/// <summary>
/// Backends that speak OpenAI Chat Completions (OpenAI itself, vLLM, llama.cpp, Ollama, LM Studio,
/// OpenRouter, Groq, ... and Louter's built-in mock).
/// </summary>
public sealed class OpenAIChatBackend : IBackendProtocol, IBackendCodec
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly ConcurrentDictionary<Uri, Uri> _endpoints = new();

    public BackendProtocol Protocol => BackendProtocol.OpenAI;

    public bool Serves(IFrontend frontend) => frontend is OpenAIChatFrontend;

    /// <summary>From canonical: a request that came in through another protocol.</summary>
    public HttpRequestMessage CreateRequest(ChatRequest request, RouteCandidate target) =>
        Build(OpenAIRequestWriter.Write(request, target), request.Stream, target.Backend);

    public IStreamDecoder CreateStreamDecoder() => new OpenAIStreamDecoder();

    public ChatResponse DecodeResponse(ReadOnlySpan<byte> body) => OpenAIResponseMapper.ToCanonical(body);

    public HttpRequestMessage CreateRequest(Exchange exchange, RouteCandidate target)
    {
        var decoded = (OpenAIChatDecoded)exchange.Request!;
        var body = ChatRequestRewriter.Rewrite(exchange.Body.Span, new ChatRewrite(
            target.UpstreamModel,
            ForceIncludeUsage: decoded.Stream,
            target.Backend.MaxTokensField));

        return Build(body, decoded.Stream, target.Backend);
    }

    private HttpRequestMessage Build(byte[] body, bool stream, BackendDescriptor backend)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Endpoint(backend))
        {
            Content = new ByteArrayContent(body),
            Version = System.Net.HttpVersion.Version11,
        };
        request.Content.Headers.ContentType = Json;
        UpstreamHeaders.Accept(request, stream);
        // The backend's own key; the client's Authorization header is never forwarded.
        if (!string.IsNullOrEmpty(backend.ApiKey))
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", backend.ApiKey);
        return request;
    }

    public bool IsTerminal(string? eventName, ReadOnlySpan<byte> data) => data.SequenceEqual(SseEvent.DoneMarker);

    public string? ErrorMessage(ReadOnlySpan<byte> body) => OpenAIErrors.MessageOf(body);

    /// <summary>
    /// Base URL → chat completions endpoint. A bare host gets "/v1" (https://api.openai.com →
    /// /v1/chat/completions); any path is kept as the API root (https://api.openai.com/v1,
    /// https://openrouter.ai/api/v1, https://generativelanguage.googleapis.com/v1beta/openai).
    /// </summary>
    public Uri Endpoint(BackendDescriptor backend) =>
        _endpoints.GetOrAdd(backend.BaseUrl ?? MockBase, static b => ChatCompletionsUri(b));

    internal static readonly Uri MockBase = new("http://louter-mock.invalid/v1");

    internal static Uri ChatCompletionsUri(Uri baseUrl)
    {
        var path = baseUrl.AbsolutePath.TrimEnd('/');
        if (path.Length == 0) path = "/v1";
        return new UriBuilder(baseUrl) { Path = path + "/chat/completions" }.Uri;
    }
}
