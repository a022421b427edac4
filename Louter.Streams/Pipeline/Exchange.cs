using Louter.Streams.Canonical;
using Louter.Streams.Classification;
using Louter.Streams.Errors;
using Louter.Streams.Routing;

namespace Louter.Streams.Pipeline;

/// <summary>
/// One request/response exchange as it moves through the graph. Each materialisation of the
/// request graph carries exactly one exchange, and the stages run one at a time inside one fused
/// graph, so the stages may fill it in without locks. Nothing outside the graph writes to it
/// until the graph has completed.
/// </summary>
public sealed class Exchange(string requestId, ReadOnlyMemory<byte> body, IResponseChannel response, long startTimestamp, CancellationToken aborted)
{
    public string RequestId { get; } = requestId;

    /// <summary>The client's request body, exactly as received.</summary>
    public ReadOnlyMemory<byte> Body { get; } = body;

    public IResponseChannel Response { get; } = response;

    /// <summary>Fires when the client disconnects.</summary>
    public CancellationToken Aborted { get; } = aborted;

    /// <summary>From <see cref="TimeProvider.GetTimestamp"/> when the request arrived.</summary>
    public long StartTimestamp { get; } = startTimestamp;

    /// <summary>Wall-clock arrival time (from the injected TimeProvider), for "created" fields in answers.</summary>
    public DateTimeOffset ReceivedAt { get; init; }

    /// <summary>What the endpoint learned from the URL and headers.</summary>
    public RequestHints Hints { get; init; } = RequestHints.None;

    /// <summary>The request's server span (Louter.Streams.Tracing), or null when the request is not traced.</summary>
    public System.Diagnostics.Activity? Span { get; init; }

    // ── filled in by the stages, in order ──
    public DecodedRequest? Request { get; set; }
    public RequestNeeds Needs { get; set; }
    public RouteResult? Route { get; set; }
    public RouteCandidate? Target { get; set; }

    /// <summary>The first error; later stages pass an errored exchange through untouched.</summary>
    public GatewayError? Error { get; set; }

    public UpstreamOutcome Outcome { get; set; }
    public int UpstreamStatus { get; set; }
    public TokenUsage? Usage { get; set; }

    /// <summary>The model the backend says answered, when the translate step saw it (for traces).</summary>
    public string? ResponseModel { get; set; }

    /// <summary>The backend's own stop reason ("stop", "end_turn", "STOP"), when the translate step saw it (for traces).</summary>
    public string? FinishReason { get; set; }

    /// <summary>When the first byte of model output reached the client (TimeProvider timestamp), or 0.</summary>
    public long FirstByteTimestamp { get; set; }

    // ── chosen by the backend stage ──

    /// <summary>True when the backend speaks the frontend's protocol: the body is forwarded, the answer relayed.</summary>
    public bool PassThrough { get; set; }

    /// <summary>The backend's codec when the answer is translated through the canonical model.</summary>
    public Codecs.IBackendCodec? Codec { get; set; }

    /// <summary>The canonical request sent to a backend of another protocol.</summary>
    public Canonical.ChatRequest? Canonical { get; set; }

    /// <summary>The frontend's encoder for a translated answer (also renders in-stream errors).</summary>
    public Codecs.IResponseEncoder? Encoder { get; set; }

    /// <summary>Per-exchange translation state, created on the first translated frame.</summary>
    internal CrossTranslator? Translator { get; set; }

    /// <summary>Attempts made on backends for this request (retries and failover included).</summary>
    public int Attempts { get; set; }

    /// <summary>Things the operator should know that did not fail the request (an unreadable XML tool call sent as text).</summary>
    public List<string> Warnings { get; } = [];

    /// <summary>An unexpected exception (a bug) that ended the exchange; for the host to log.</summary>
    public Exception? Fault { get; set; }

    // ── for the metrics (Metrics/RequestMetrics.cs), filled in along the way ──

    /// <summary>The bounded model label, set by routing: the requested name when the config lists it, else "other".</summary>
    public string? ModelLabel { get; set; }

    /// <summary>
    /// TimeProvider timestamp ticks the backend stage spent awaiting the upstream: sends, reads of
    /// events and bodies, pauses before a retry. The gateway overhead is the rest of the request.
    /// </summary>
    public long UpstreamWait { get; set; }

    /// <summary>Timestamp ticks from sending the answering attempt to its first event (stream) or its whole body; 0 = none yet.</summary>
    public long BackendTimeToFirstToken { get; set; }

    /// <summary>When the last chunk was written to the client (TimeProvider timestamp), for the chunk-gap histogram.</summary>
    internal long LastChunkTimestamp { get; set; }

    /// <summary>The chunk-gap histogram's child for this request's backend and model, resolved on the first chunk of a stream.</summary>
    internal Prometheus.Histogram.Child? ChunkGap { get; set; }
}
