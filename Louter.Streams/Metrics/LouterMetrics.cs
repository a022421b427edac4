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

    private static readonly MetricFactory Factory = Prometheus.Metrics.WithCustomRegistry(Registry);

    /// <summary>Every routing decision: which backend (or "none"), under which strategy, for which needs, and how it ended.</summary>
    public static readonly Counter RoutingDecisions = Factory.CreateCounter(
        "louter_routing_decisions_total",
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

    /// <summary>Upstream attempts by backend and outcome (retries count each attempt).</summary>
    public static readonly Counter UpstreamAttempts = Factory.CreateCounter(
        "louter_upstream_attempts_total",
        "Attempts on a backend, by outcome (success, server_error, overloaded, timeout, connect_failed, rate_limited, …); a retried request counts each attempt.",
        new CounterConfiguration { LabelNames = ["backend", "outcome"] });

    /// <summary>Request-log entries not written because the writer's queue was full (or the log was closing).</summary>
    public static readonly Counter RequestLogDropped = Factory.CreateCounter(
        "louter_request_log_dropped_total",
        "Request-log entries dropped because the writer's queue was full; the request itself was never slowed.");
}
