using System.Net;
using Louter.Streams.Errors;

namespace Louter.Host.Observability.RequestLog;

/// <summary>
/// One request as the request log records it. Built on the request path from values the exchange
/// already holds (no formatting, no serialization); <see cref="RequestLogSerializer"/> turns it into
/// a JSON line on the writer's thread.
/// </summary>
internal sealed record RequestLogEntry
{
    /// <summary>When the request arrived (UTC, from the injected TimeProvider).</summary>
    public required DateTimeOffset Timestamp { get; init; }
    public required string RequestId { get; init; }
    public required string Frontend { get; init; }
    public string? Backend { get; init; }

    /// <summary>The model name the client asked for.</summary>
    public string? Model { get; init; }

    /// <summary>The model name sent to the backend (after model_mapping).</summary>
    public string? BackendModel { get; init; }
    public bool Stream { get; init; }

    /// <summary>The HTTP status the client got (200 for a stream that failed after it began; see <see cref="ErrorKind"/>).</summary>
    public int Status { get; init; }
    public UpstreamOutcome Outcome { get; init; }
    public GatewayErrorKind? ErrorKind { get; init; }

    /// <summary>The error as the client saw it; written for the client, so it holds no secret.</summary>
    public string? Error { get; init; }

    /// <summary>Backend attempts (retries and failover included); retries = attempts − 1.</summary>
    public int Attempts { get; init; }
    public double? TtftMs { get; init; }
    public double E2eMs { get; init; }
    public long? InputTokens { get; init; }
    public long? OutputTokens { get; init; }
    public long? CacheReadTokens { get; init; }
    public long? CacheWriteTokens { get; init; }
    public long? ReasoningTokens { get; init; }
    public IPAddress? ClientAddress { get; init; }

    /// <summary>The id (never the secret) of the client's Louter API key; null until client keys exist.</summary>
    public string? ApiKeyId { get; init; }

    // ── capture = "metadata" and "full" ──

    /// <summary>The request's headers, unredacted: the writer redacts them before anything is written.</summary>
    public KeyValuePair<string, string>[]? RequestHeaders { get; init; }
    public long? RequestBytes { get; init; }

    // ── capture = "full" ──
    public ReadOnlyMemory<byte>? RequestBody { get; init; }
    public ReadOnlyMemory<byte>? ResponseBody { get; init; }
    public long? ResponseBytes { get; init; }

    /// <summary>An error always goes to the log, whatever sample_rate says.</summary>
    public bool IsError => Status >= 400 || ErrorKind is not null;

    /// <summary>
    /// Inter-token latency: the time after the first byte spread over the tokens after the first,
    /// (e2e − TTFT) / (output tokens − 1). Only for streams: a non-streamed answer arrives at once.
    /// </summary>
    public double? ItlMs => Stream && TtftMs is { } ttft && OutputTokens is > 1 and var n ? (E2eMs - ttft) / (n - 1) : null;

    /// <summary>Output tokens per second of generation, output tokens / (e2e − TTFT). Only for streams.</summary>
    public double? Tps => Stream && TtftMs is { } ttft && OutputTokens is > 0 and var n && E2eMs > ttft ? n / ((E2eMs - ttft) / 1000) : null;
}
