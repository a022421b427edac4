using System.Collections.Concurrent;
using System.Net;
using Louter.Streams.Codecs;
using Louter.Streams.Media;
using Louter.Streams.Mock;
using Louter.Streams.Protocols.Anthropic;
using Louter.Streams.Protocols.Gemini;
using Louter.Streams.Protocols.OpenAI;
using Louter.Streams.Protocols.Responses;
using Louter.Streams.Routing;

namespace Louter.Streams.Backends;

/// <summary>
/// Owns the connections to backends: one pooled SocketsHttpHandler shared by every HTTP backend
/// (it keeps a pool per host), and one in-process handler per mock backend.
/// </summary>
public sealed class BackendTransports : IDisposable
{
    private readonly HttpMessageInvoker _http;
    private readonly ConcurrentDictionary<string, HttpMessageInvoker> _mocks = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly OpenAIChatBackend _openAI = new();
    private readonly AnthropicBackend _anthropic = new();
    private readonly GeminiBackend _gemini = new();
    private readonly ResponsesBackend _responses = new();

    /// <param name="mediaHandler">Tests only: where media URLs are fetched from instead of the guarded socket handler.</param>
    public BackendTransports(TimeProvider time, HttpMessageHandler? httpHandler = null, MediaUrlPolicy? mediaPolicy = null, HttpMessageHandler? mediaHandler = null)
    {
        _time = time;
        _http = new HttpMessageInvoker(httpHandler ?? CreateHandler(), disposeHandler: true);
        Media = new MediaFetcher(mediaPolicy ?? MediaUrlPolicy.Off, mediaHandler);
    }

    /// <summary>How failed attempts are retried and failed over ([retries]); the host sets it from the config. Default: one attempt.</summary>
    public RetryPolicy Retry { get; set; } = RetryPolicy.None;

    /// <summary>
    /// Whether the request path records Prometheus metrics ([metrics] enabled; the host sets it at
    /// start). Off, the graph skips routing counts, chunk gaps and retry counts.
    /// </summary>
    public bool Metrics { get; init; } = true;

    /// <summary>Hears every attempt on a backend (health, load balancing, metrics). Set once at start.</summary>
    public IAttemptObserver Observer { get; set; } = AttemptObservers.None;

    /// <summary>Fetches media URLs that a backend cannot take, under the configured policy.</summary>
    public MediaFetcher Media { get; }

    public TimeProvider Time => _time;

    public HttpMessageInvoker For(BackendDescriptor backend) =>
        backend.Protocol == BackendProtocol.Mock
            ? _mocks.GetOrAdd(backend.Name, static (_, state) => new HttpMessageInvoker(new MockChatHandler(state.backend.ChunkDelay, state.time)), (backend, time: _time))
            : _http;

    /// <summary>The same-protocol fast path for a backend protocol, or null when it has none.</summary>
    public IBackendProtocol? PassThroughFor(BackendProtocol protocol) => protocol switch
    {
        BackendProtocol.OpenAI or BackendProtocol.Mock => _openAI,
        BackendProtocol.Anthropic => _anthropic,
        BackendProtocol.Gemini => _gemini,
        BackendProtocol.OpenAIResponses => _responses,
        _ => null,
    };

    /// <summary>The codec for a backend protocol (requests from canonical, answers to canonical), or null for a protocol Louter does not know.</summary>
    public IBackendCodec? CodecFor(BackendProtocol protocol) => protocol switch
    {
        BackendProtocol.OpenAI or BackendProtocol.Mock => _openAI,
        BackendProtocol.Anthropic => _anthropic,
        BackendProtocol.Gemini => _gemini,
        BackendProtocol.OpenAIResponses => _responses,
        _ => null,
    };

    public static SocketsHttpHandler CreateHandler() => new()
    {
        // Connections are reused across requests; recycled every few minutes so DNS changes are seen.
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
        // A dead host should fail fast and be reported as unreachable, not hang until the request timeout.
        ConnectTimeout = TimeSpan.FromSeconds(10),
        AutomaticDecompression = DecompressionMethods.None,
        AllowAutoRedirect = false,
        UseCookies = false,
        EnableMultipleHttp2Connections = true,
    };

    public void Dispose()
    {
        _http.Dispose();
        Media.Dispose();
        foreach (var mock in _mocks.Values) mock.Dispose();
    }
}
