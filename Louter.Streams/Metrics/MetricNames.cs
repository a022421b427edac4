namespace Louter.Streams.Metrics;

/// <summary>
/// The names of the series Louter exports at GET /metrics (DESIGN §8): the contract with the
/// dashboards and alert rules in deploy/. Renaming one breaks those; the deploy tests compare every
/// name a dashboard or rule queries against <see cref="All"/> and against a live scrape.
/// Units are seconds; labels are bounded (frontend, backend, model as configured, stream, status_class).
/// </summary>
public static class MetricNames
{
    /// <summary>Counter, labels frontend, backend, model, stream, status_class: every request answered.</summary>
    public const string Requests = "louter_requests_total";

    /// <summary>Histogram, same labels as <see cref="Requests"/>: request received → last byte written.</summary>
    public const string RequestDuration = "louter_request_duration_seconds";

    /// <summary>Histogram: request received → first content byte written to the client.</summary>
    public const string TimeToFirstToken = "louter_time_to_first_token_seconds";

    /// <summary>Histogram, labels backend, model: the backend's own TTFT (the answering attempt sent → its first event, or its whole body for a non-stream).</summary>
    public const string BackendTimeToFirstToken = "louter_backend_time_to_first_token_seconds";

    /// <summary>Histogram, one sample per streamed request: (end-to-end − TTFT) / (output tokens − 1).</summary>
    public const string InterTokenLatency = "louter_inter_token_latency_seconds";

    /// <summary>Histogram, labels backend, model: the gap between consecutive chunks written to a streaming client.</summary>
    public const string StreamChunkGap = "louter_stream_chunk_gap_seconds";

    /// <summary>Histogram, labels backend, model: output tokens / (end-to-end − TTFT), per streamed request.</summary>
    public const string OutputTokensPerSecond = "louter_output_tokens_per_second";

    /// <summary>Counter, label type = input | output | cached_input | reasoning, plus frontend, backend, model.</summary>
    public const string Tokens = "louter_tokens_total";

    /// <summary>Histogram, label frontend: end-to-end minus the time spent awaiting the upstream (sends, reads, retry pauses).</summary>
    public const string GatewayOverhead = "louter_gateway_overhead_seconds";

    /// <summary>Counter, labels backend, mode, capabilities, outcome.</summary>
    public const string RoutingDecisions = "louter_routing_decisions_total";

    /// <summary>Counter, labels backend, outcome: every attempt on a backend (a retried request counts each).</summary>
    public const string BackendRequests = "louter_backend_requests_total";

    /// <summary>Gauge, label backend: 0 closed, 1 half-open, 2 open.</summary>
    public const string BackendCircuitState = "louter_backend_circuit_state";

    /// <summary>Gauge, label backend: 1 up, 0 down.</summary>
    public const string BackendUp = "louter_backend_up";

    /// <summary>Counter, label backend: attempts after the first.</summary>
    public const string Retries = "louter_retries_total";

    /// <summary>Gauge, label frontend: requests being handled now.</summary>
    public const string InFlightRequests = "louter_in_flight_requests";

    /// <summary>prometheus-net's DotNetStats: process CPU time.</summary>
    public const string ProcessCpuSeconds = "process_cpu_seconds_total";

    /// <summary>prometheus-net's DotNetStats: resident memory (it says working set on every OS).</summary>
    public const string ProcessWorkingSetBytes = "process_working_set_bytes";

    /// <summary>prometheus-net's DotNetStats: start time, for uptime and restart detection.</summary>
    public const string ProcessStartTime = "process_start_time_seconds";

    /// <summary>prometheus-net's DotNetStats: threads.</summary>
    public const string ProcessThreads = "process_num_threads";

    /// <summary>prometheus-net's DotNetStats: managed heap.</summary>
    public const string DotNetTotalMemoryBytes = "dotnet_total_memory_bytes";

    /// <summary>prometheus-net's DotNetStats: GC count, label generation.</summary>
    public const string DotNetCollections = "dotnet_collection_count_total";

    /// <summary>Every name above.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        Requests, RequestDuration, TimeToFirstToken, BackendTimeToFirstToken, InterTokenLatency, StreamChunkGap,
        OutputTokensPerSecond, Tokens, GatewayOverhead, RoutingDecisions, BackendRequests, BackendCircuitState,
        BackendUp, Retries, InFlightRequests,
        ProcessCpuSeconds, ProcessWorkingSetBytes, ProcessStartTime, ProcessThreads, DotNetTotalMemoryBytes, DotNetCollections,
    ];
}
