namespace Louter.Host.Config;

/// <summary>
/// The whole validated configuration, as loaded from one TOML file (or the embedded default).
/// Immutable: a reload builds a new instance.
/// </summary>
public sealed record LouterConfig
{
    /// <summary>Path of the file this came from, or null for the embedded default.</summary>
    public string? SourcePath { get; init; }

    public ServerConfig Server { get; init; } = new();
    public RoutingConfig Routing { get; init; } = new();

    /// <summary>Backends in the order the file declares them (order breaks ties in routing).</summary>
    public IReadOnlyList<BackendConfig> Backends { get; init; } = [];

    public AuthConfig Auth { get; init; } = new();
    public PersistenceConfig Persistence { get; init; } = new();
    public LoggingConfig Logging { get; init; } = new();
    public MetricsConfig Metrics { get; init; } = new();
    public ResponsesConfig Responses { get; init; } = new();
    public RetriesConfig Retries { get; init; } = new();

    /// <summary>OTLP trace export; null (no [tracing] section) or no otlp_endpoint: tracing off.</summary>
    public TracingConfig? Tracing { get; init; }

    // Sections accepted and validated now, whose features land in later issues.
    public CacheConfig? Cache { get; init; }
    public RateLimitConfig? RateLimit { get; init; }
    public CostTrackingConfig? CostTracking { get; init; }
    public ClusterConfig? Cluster { get; init; }

    /// <summary>
    /// Sections (or keys) present in the file whose feature is not built yet, e.g. "[cache]".
    /// Reported at start as "configured, not active yet".
    /// </summary>
    public IReadOnlyList<string> InactiveSections { get; init; } = [];
}

public sealed record ServerConfig
{
    /// <summary>HOST:PORT to listen on.</summary>
    public string Listen { get; init; } = "127.0.0.1:8080";

    /// <summary>Directory for the SQLite journal and other local state.</summary>
    public string DataDir { get; init; } = "./data";

    /// <summary>Largest request body accepted, in bytes (TOML: max_request_body = "64MiB"). Larger bodies get a 413.</summary>
    public long MaxRequestBodyBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>
    /// Fetch and inline a media URL (image, audio, document) when the chosen backend cannot take
    /// it by URL (TOML: fetch_media_urls). Off: such a request gets a 400 naming the part.
    /// </summary>
    public bool FetchMediaUrls { get; init; }

    /// <summary>Largest media file Louter fetches (TOML: media_fetch_max_bytes = "20MiB").</summary>
    public long MediaFetchMaxBytes { get; init; } = 20L * 1024 * 1024;

    /// <summary>Allow fetching from loopback, private and link-local addresses (TOML: allow_private_media_urls). Off by default: SSRF.</summary>
    public bool AllowPrivateMediaUrls { get; init; }
}

public enum RoutingStrategy { ContentBased, Model, Priority }

public enum LoadBalancing { RoundRobin, Weighted, LeastConnections, Latency }

public sealed record RoutingConfig
{
    public RoutingStrategy Strategy { get; init; } = RoutingStrategy.ContentBased;
    public bool PreferTextModel { get; init; }
    public LoadBalancing LoadBalancing { get; init; } = LoadBalancing.RoundRobin;
}

public enum BackendProtocolKind { OpenAI, OpenAIResponses, Anthropic, Gemini, Mock }

public enum ToolFormat { Json, Xml }

public enum MaxTokensField { MaxTokens, MaxCompletionTokens }

public sealed record BackendConfig
{
    public required string Name { get; init; }

    /// <summary>Base URL, with or without a trailing /v1. Null only for protocol = "mock".</summary>
    public string? Url { get; init; }

    public BackendProtocolKind Protocol { get; init; } = BackendProtocolKind.OpenAI;

    /// <summary>The key sent to this backend, after ${ENV} expansion. Never logged.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Client-facing model name → the name this backend knows. Empty = serves any model name, passed through.</summary>
    public IReadOnlyDictionary<string, string> ModelMapping { get; init; } = new Dictionary<string, string>();

    /// <summary>text, vision, audio, video, document, function_calling, structured_output, reasoning ("tools" is stored as function_calling). Empty = accepts everything.</summary>
    public IReadOnlyList<string> Capabilities { get; init; } = [];

    /// <summary>Largest input in tokens; content-based routing skips this backend for a larger (estimated) request. Null = not checked.</summary>
    public long? ContextWindow { get; init; }

    /// <summary>USD per token for this backend (TOML: price = { input = .., output = .. }); wins over [cost_tracking.pricing] for prefer_text_model.</summary>
    public ModelPrice? Price { get; init; }

    /// <summary>The backend tried next when this one fails or its circuit is open (TOML: fallback = "name").</summary>
    public string? Fallback { get; init; }

    public ToolFormat ToolFormat { get; init; } = ToolFormat.Json;
    public int Priority { get; init; } = 1;
    public double Weight { get; init; } = 1.0;
    public MaxTokensField MaxTokensField { get; init; } = MaxTokensField.MaxTokens;

    /// <summary>HTTP version to the backend (TOML: http_version = "1.1" | "2"); 2 multiplexes many requests over a few connections.</summary>
    public Version HttpVersion { get; init; } = System.Net.HttpVersion.Version11;

    /// <summary>Deadline for a non-streaming exchange, and for the response headers of a streaming one.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>Longest silence allowed between bytes of a streamed response.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>protocol = "mock" only: pause between streamed chunks (TOML: chunk_delay = "20ms").</summary>
    public TimeSpan ChunkDelay { get; init; } = TimeSpan.Zero;

    /// <summary>protocol = "mock" only: the model ids it lists in GET /v1/models (TOML: models = [...]).</summary>
    public IReadOnlyList<string> Models { get; init; } = [];

    /// <summary>When passive health opens the circuit and for how long (TOML: failure_threshold, failure_rate, …).</summary>
    public CircuitBreakerConfig CircuitBreaker { get; init; } = new();

    /// <summary>Active health checks (TOML: health_check = { interval, timeout, path }); null = none.</summary>
    public HealthCheckConfig? HealthCheck { get; init; }
}

/// <summary>Circuit breaker keys of a [backends.NAME] table. The defaults skip a dead backend within seconds.</summary>
public sealed record CircuitBreakerConfig
{
    public int FailureThreshold { get; init; } = 5;
    public double FailureRate { get; init; } = 0.5;
    public int MinimumRequests { get; init; } = 10;
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan OpenDuration { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan MaxOpenDuration { get; init; } = TimeSpan.FromMinutes(5);
    public int HalfOpenProbes { get; init; } = 1;
}

/// <summary>health_check = { interval, timeout, path }: one cheap GET every interval, made once in the cluster.</summary>
public sealed record HealthCheckConfig
{
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Null: the protocol's model list (GET …/v1/models). Else a path from the URL's host root, e.g. "/health".</summary>
    public string? Path { get; init; }
}

public sealed record AuthConfig
{
    /// <summary>Client API keys (a later issue). Accepted now, reported as not active.</summary>
    public bool Enabled { get; init; }

    /// <summary>Bearer token for /admin. When null, /admin answers loopback clients only.</summary>
    public string? AdminToken { get; init; }
}

public enum PersistenceProvider { Sqlite, PostgreSql }

public sealed record PersistenceConfig
{
    public PersistenceProvider Provider { get; init; } = PersistenceProvider.Sqlite;

    /// <summary>Null means the default: a SQLite file louter.db inside server.data_dir.</summary>
    public string? ConnectionString { get; init; }
}

/// <summary>
/// [retries]: how a request that failed before its answer began is tried again — on the next
/// candidate backend, never on the one that just failed unless it is the only one.
/// </summary>
public sealed record RetriesConfig
{
    /// <summary>Attempts per request, the first included (1 = no retries).</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Upstream statuses that are retried (connect errors and timeouts always are).</summary>
    public IReadOnlyList<int> RetryOn { get; init; } = [429, 500, 502, 503, 504, 529];

    /// <summary>The first retry waits up to this long (full jitter), each further one up to twice as long.</summary>
    public TimeSpan Backoff { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>No retry starts after this much time since the first attempt.</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>[responses]: the store behind previous_response_id and GET /v1/responses/{id}.</summary>
public sealed record ResponsesConfig
{
    /// <summary>false: nothing is kept, whatever a request's "store" says (previous_response_id then always 404s).</summary>
    public bool Store { get; init; } = true;

    /// <summary>How long a stored response stays findable.</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(30);
}

public enum LogFormat { Text, Json }

/// <summary>[metrics]: enabled (default true). Off, GET /metrics is not served and the request path records nothing.</summary>
public sealed record MetricsConfig
{
    public bool Enabled { get; init; } = true;
}

public sealed record LoggingConfig
{
    /// <summary>trace | debug | info | warn | error.</summary>
    public string Level { get; init; } = "info";
    public LogFormat Format { get; init; } = LogFormat.Text;

    /// <summary>[logging.levels]: logger category (or its prefix) → trace | debug | info | warn | error | off.</summary>
    public IReadOnlyDictionary<string, string> Levels { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>JSON Lines file with one entry per model request (TOML: request_log); null = no request log.</summary>
    public string? RequestLog { get; init; }

    /// <summary>Share of successful requests written to the request log, 0..1; errors are always written.</summary>
    public double SampleRate { get; init; } = 1.0;

    /// <summary>What of each request the request log keeps beyond its metadata (TOML: capture).</summary>
    public RequestLogCapture Capture { get; init; } = RequestLogCapture.None;

    /// <summary>Start a new file once the current one would grow past this many bytes (TOML: rotate_size = "100MiB"); null = never by size.</summary>
    public long? RotateSize { get; init; } = 100L * 1024 * 1024;

    /// <summary>Start a new file once the current one is this old (TOML: rotate_interval = "1d"); null = never by age.</summary>
    public TimeSpan? RotateInterval { get; init; }

    /// <summary>Rotated files kept (TOML: retention = 10); null when retention is an age.</summary>
    public int? RetainFiles { get; init; } = 10;

    /// <summary>Rotated files deleted once older than this (TOML: retention = "7d"); null when retention is a count.</summary>
    public TimeSpan? RetainFor { get; init; }

    /// <summary>Entries waiting for the writer; beyond this an entry is dropped and counted, the request never waits (TOML: queue_capacity).</summary>
    public int QueueCapacity { get; init; } = 10_000;
}

/// <summary>
/// none: the entry's fields only; metadata: plus the request's headers and body sizes; full: plus
/// the request and response bodies. Auth headers and key-like strings are always redacted.
/// </summary>
public enum RequestLogCapture { None, Metadata, Full }

public sealed record CacheConfig
{
    public bool Enabled { get; init; }
    public string Backend { get; init; } = "memory";
    public string? RedisUrl { get; init; }
    public long TtlSeconds { get; init; } = 3600;
    public long MaxMemoryMb { get; init; } = 256;
    public bool ExcludeStreaming { get; init; } = true;
}

public sealed record RateLimitConfig
{
    public bool Enabled { get; init; }
    public string Backend { get; init; } = "memory";
    public long? RequestsPerMinute { get; init; }
    public long? TokensPerMinute { get; init; }
    public long? BurstSize { get; init; }
    public bool PerApiKey { get; init; }

    /// <summary>Route path or model name → requests per minute.</summary>
    public IReadOnlyDictionary<string, long> Overrides { get; init; } = new Dictionary<string, long>();
}

public sealed record ModelPrice(double Input, double Output);

public sealed record BudgetConfig
{
    public double? DailyLimitUsd { get; init; }
    public double? MonthlyLimitUsd { get; init; }
    public string? AlertWebhook { get; init; }
}

public sealed record CostTrackingConfig
{
    public bool Enabled { get; init; }

    /// <summary>Model name → USD per token for input and output.</summary>
    public IReadOnlyDictionary<string, ModelPrice> Pricing { get; init; } = new Dictionary<string, ModelPrice>();
    public BudgetConfig Budgets { get; init; } = new();
}

public sealed record ClusterConfig
{
    public bool Enabled { get; init; }
    public string Hostname { get; init; } = "127.0.0.1";
    public int Port { get; init; }
    public IReadOnlyList<string> SeedNodes { get; init; } = [];
    public IReadOnlyList<string> Roles { get; init; } = [];
}

public sealed record TracingConfig
{
    public string? OtlpEndpoint { get; init; }
    public double SampleRatio { get; init; } = 1.0;
}
