namespace Louter.Streams.Routing;

/// <summary>
/// Everything the request path needs to know about one configured backend. Built from the
/// config at start; immutable.
/// </summary>
public sealed record BackendDescriptor
{
    public required string Name { get; init; }
    public BackendProtocol Protocol { get; init; } = BackendProtocol.OpenAI;

    /// <summary>The protocol of the backend's answers: the built-in mock answers as OpenAI does.</summary>
    public BackendProtocol WireProtocol => Protocol == BackendProtocol.Mock ? BackendProtocol.OpenAI : Protocol;

    /// <summary>Base URL as configured (with or without /v1). Null for the mock.</summary>
    public Uri? BaseUrl { get; init; }

    /// <summary>Sent to the backend in its native auth header. Never logged, never shown.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Client model name → backend model name. Empty = serves any model name unchanged.</summary>
    public IReadOnlyDictionary<string, string> ModelMapping { get; init; } = new Dictionary<string, string>();

    /// <summary>Capability names as configured (see <see cref="Routing.Capabilities"/>). Empty = accepts everything.</summary>
    public IReadOnlyList<string> Capabilities
    {
        get;
        init
        {
            field = value;
            Accepts = Routing.Capabilities.Of(value);
        }
    } = [];

    /// <summary>The needs this backend covers, from <see cref="Capabilities"/>.</summary>
    public Classification.RequestNeeds Accepts { get; private init; } = Routing.Capabilities.All;

    /// <summary>Largest input (tokens) the backend takes; null = not checked.</summary>
    public long? ContextWindow { get; init; }

    /// <summary>USD per token; null = look the model up in [cost_tracking.pricing], or unknown.</summary>
    public TokenPrice? Price { get; init; }

    /// <summary>The backend tried after this one when it fails or its circuit is open (config: fallback), or null.</summary>
    public string? Fallback { get; init; }

    /// <summary>Lower number = preferred.</summary>
    public int Priority { get; init; } = 1;
    public double Weight { get; init; } = 1.0;

    /// <summary>Position in the config file; breaks ties deterministically.</summary>
    public int Order { get; init; }

    public MaxTokensFieldName MaxTokensField { get; init; } = MaxTokensFieldName.MaxTokens;

    /// <summary>
    /// HTTP version of every request to the backend. 2.0 is asked for exactly: h2c with prior knowledge
    /// on http://, ALPN h2 on https:// (many streams over a few connections instead of one each).
    /// </summary>
    public Version HttpVersion { get; init; } = System.Net.HttpVersion.Version11;
    public bool XmlToolFormat { get; init; }
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(300);
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Mock only: pause between streamed chunks.</summary>
    public TimeSpan ChunkDelay { get; init; }

    /// <summary>Mock only: model ids listed in GET /v1/models.</summary>
    public IReadOnlyList<string> Models { get; init; } = [];

    /// <summary>The base URL for display: no userinfo, no query string (either may hold a key).</summary>
    public string DisplayUrl => BaseUrl is null
        ? "(built-in)"
        : new UriBuilder(BaseUrl) { UserName = "", Password = "", Query = "", Fragment = "" }.Uri.ToString().TrimEnd('/');
}
