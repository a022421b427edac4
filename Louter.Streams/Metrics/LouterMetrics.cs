using Prometheus;

namespace Louter.Streams.Metrics;

/// <summary>
/// Louter's Prometheus metrics, scraped at GET /metrics. Labels are backend and route names from the
/// config, never keys, URLs or client data.
/// </summary>
public static class LouterMetrics
{
    /// <summary>
    /// Louter's own registry: only the series below. The default registry would also export .NET's
    /// meters (HttpClient's carry the backend's address as a label) and process-wide counters that
    /// tests in one process share.
    /// </summary>
    public static readonly CollectorRegistry Registry = Prometheus.Metrics.NewCustomRegistry();

    private static readonly MetricFactory Factory = CreateFactory();

    /// <summary>
    /// Whether observations carry the current trace as an exemplar. Off until tracing exports spans
    /// (<c>[tracing] otlp_endpoint</c>): an exemplar is a link to a trace, and without an exporter there
    /// is no trace to follow — only the cost, about 1% of a streamed request's CPU (reading the trace
    /// context and storing a pooled exemplar on every histogram observation).
    /// </summary>
    public static bool TraceExemplars { get; set; }

    private static MetricFactory CreateFactory()
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        factory.ExemplarBehavior = new ExemplarBehavior
        {
            DefaultExemplarProvider = static (_, _) => TraceExemplars ? Exemplar.FromTraceContext() : Exemplar.None,
        };
        return factory;
    }

    // process_* and dotnet_* (CPU, memory, threads, GC) for the dashboards' runtime panels: once per
    // process, after every field initializer above and below has run.
    static LouterMetrics() => DotNetStats.Register(Registry);

    /// <summary>Every routing decision: which backend (or "none"), under which strategy, for which needs, and how it ended.</summary>
    public static readonly Counter RoutingDecisions = Factory.CreateCounter(
        MetricNames.RoutingDecisions,
        "Routing decisions: the backend chosen (\"none\" when no backend could serve), the routing mode, the request's capabilities, the outcome.",
        new CounterConfiguration { LabelNames = ["backend", "mode", "capabilities", "outcome"] });

    /// <summary>0 closed, 1 half-open, 2 open.</summary>
    public static readonly Gauge CircuitState = Factory.CreateGauge(
        "louter_backend_circuit_state",
        "The backend's circuit as routing obeys it: 0 closed, 1 half-open, 2 open.",
        new GaugeConfiguration { LabelNames = ["backend"] });

    /// <summary>1 when the backend is considered up (health checks and passive health), else 0.</summary>
    public static readonly Gauge BackendUp = Factory.CreateGauge(
        "louter_backend_up",
        "1 when the backend is considered up, 0 when health checks or failures say it is down.",
        new GaugeConfiguration { LabelNames = ["backend"] });

    /// <summary>Attempts on a backend by outcome (retries count each attempt).</summary>
    public static readonly Counter BackendRequests = Factory.CreateCounter(
        MetricNames.BackendRequests,
        "Attempts on a backend, by outcome (success, server_error, overloaded, timeout, connect_failed, rate_limited, …); a retried request counts each attempt.",
        new CounterConfiguration { LabelNames = ["backend", "outcome"] });

    /// <summary>Attempts after a request's first, labelled by the backend the new attempt goes to.</summary>
    public static readonly Counter Retries = Factory.CreateCounter(
        MetricNames.Retries,
        "Attempts after the first one of a request (retries and failover), by the backend the attempt went to.",
        new CounterConfiguration { LabelNames = ["backend"] });

    // ── per request, recorded once at its end (RequestMetrics) ──

    /// <summary>Seconds, for whole requests and first tokens: milliseconds (a cached or rejected answer) to minutes (a long generation).</summary>
    internal static readonly double[] LatencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

    /// <summary>Seconds, for gaps between tokens and chunks and Louter's own share: 100 µs to 5 s.</summary>
    internal static readonly double[] FineBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

    /// <summary>Tokens per second: a slow local model to a fast hosted one.</summary>
    internal static readonly double[] RateBuckets = [1, 2.5, 5, 10, 20, 30, 40, 50, 75, 100, 150, 200, 300, 500, 1000];

    private static readonly string[] RequestLabels = ["frontend", "backend", "model", "stream", "status_class"];
    private static readonly string[] BackendModelLabels = ["backend", "model"];

    public static readonly Counter Requests = Factory.CreateCounter(
        MetricNames.Requests,
        "Requests answered (or abandoned by the client: status_class=\"cancelled\"), by frontend, backend (\"none\" when none was reached), model (\"other\" when not configured), stream, status_class.",
        new CounterConfiguration { LabelNames = RequestLabels });

    public static readonly Histogram RequestDuration = Factory.CreateHistogram(
        MetricNames.RequestDuration,
        "Seconds from the request's arrival to its last byte written.",
        new HistogramConfiguration { LabelNames = RequestLabels, Buckets = LatencyBuckets });

    public static readonly Histogram TimeToFirstToken = Factory.CreateHistogram(
        MetricNames.TimeToFirstToken,
        "Seconds from the request's arrival to the first content byte written to the client (streams and non-streams alike; an answer without content, such as an error, is not observed).",
        new HistogramConfiguration { LabelNames = RequestLabels, Buckets = LatencyBuckets });

    public static readonly Histogram BackendTimeToFirstToken = Factory.CreateHistogram(
        MetricNames.BackendTimeToFirstToken,
        "Seconds from sending the answering attempt to the backend's first event (streams) or its whole body (non-streams).",
        new HistogramConfiguration { LabelNames = BackendModelLabels, Buckets = LatencyBuckets });

    public static readonly Histogram InterTokenLatency = Factory.CreateHistogram(
        MetricNames.InterTokenLatency,
        "Per streamed request with more than one output token: (end-to-end - time to first token) / (output tokens - 1), in seconds.",
        new HistogramConfiguration { LabelNames = BackendModelLabels, Buckets = FineBuckets });

    public static readonly Histogram StreamChunkGap = Factory.CreateHistogram(
        MetricNames.StreamChunkGap,
        "Seconds between consecutive chunks of a stream written to the client.",
        new HistogramConfiguration { LabelNames = BackendModelLabels, Buckets = FineBuckets });

    public static readonly Histogram OutputTokensPerSecond = Factory.CreateHistogram(
        MetricNames.OutputTokensPerSecond,
        "Per streamed request: output tokens / (end-to-end - time to first token).",
        new HistogramConfiguration { LabelNames = BackendModelLabels, Buckets = RateBuckets });

    public static readonly Counter Tokens = Factory.CreateCounter(
        MetricNames.Tokens,
        "Tokens reported by the backends, by type: input (all, cache reads included), output (all, reasoning included), cached_input (cache reads), reasoning.",
        new CounterConfiguration { LabelNames = ["frontend", "backend", "model", "type"] });

    public static readonly Histogram GatewayOverhead = Factory.CreateHistogram(
        MetricNames.GatewayOverhead,
        "Seconds of a request not spent awaiting the backend: end-to-end minus the time its upstream sends, reads and retry pauses were pending.",
        new HistogramConfiguration { LabelNames = ["frontend"], Buckets = FineBuckets });

    public static readonly Gauge InFlightRequests = Factory.CreateGauge(
        MetricNames.InFlightRequests,
        "Model requests being handled now, by frontend.",
        new GaugeConfiguration { LabelNames = ["frontend"] });

    /// <summary>Request-log entries not written because the writer's queue was full (or the log was closing).</summary>
    public static readonly Counter RequestLogDropped = Factory.CreateCounter(
        "louter_request_log_dropped_total",
        "Request-log entries dropped because the writer's queue was full; the request itself was never slowed.");
}
