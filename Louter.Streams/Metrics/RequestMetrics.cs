using System.Collections.Concurrent;
using Louter.Streams.Errors;
using Louter.Streams.Pipeline;
using Prometheus;

namespace Louter.Streams.Metrics;

/// <summary>
/// Records a request's series once, when it has ended (the host calls it after the graph, and for the
/// requests it answers without one). Cheap on purpose: the labelled children are cached per label
/// set (a few frontends × configured backends × configured models × stream × status classes), so a
/// request costs a few dictionary lookups on struct keys and the observations; no label arrays.
/// </summary>
public static class RequestMetrics
{
    private static readonly ConcurrentDictionary<RequestKey, RequestSeries> Requests = new();
    private static readonly ConcurrentDictionary<BackendModelKey, BackendModelSeries> BackendModels = new();
    private static readonly ConcurrentDictionary<BackendModelKey, TokenSeries> Tokens = new();
    private static readonly ConcurrentDictionary<string, FrontendSeries> Frontends = new(StringComparer.Ordinal);

    /// <summary>The in-flight gauge for <paramref name="frontend"/>: Inc when a request arrives, Dec when it has ended.</summary>
    public static Gauge.Child InFlight(string frontend) => For(frontend).InFlight;

    /// <summary>A request that ran through the graph.</summary>
    public static void Record(Exchange exchange, string frontend, int status, TimeProvider time)
    {
        var end = time.GetTimestamp();
        var backend = exchange.Target?.Backend.Name ?? MetricLabels.None;
        var model = exchange.ModelLabel ?? MetricLabels.Other;
        var stream = exchange.Request?.Stream ?? exchange.Hints.Stream ?? false;
        var usage = exchange.Usage;
        var timings = RequestTimings.Of(
            exchange.StartTimestamp, exchange.FirstByteTimestamp, end, exchange.UpstreamWait, exchange.BackendTimeToFirstToken,
            usage?.Output ?? 0, stream, time.TimestampFrequency);

        var request = Requests.GetOrAdd(
            new RequestKey(frontend, backend, model, stream, MetricLabels.StatusClass(status, exchange.Outcome == UpstreamOutcome.ClientCancelled)),
            static key => new RequestSeries(key));
        request.Count.Inc();
        request.Duration.Observe(timings.Duration);
        if (timings.TimeToFirstToken is { } ttft) request.TimeToFirstToken.Observe(ttft);
        For(frontend).Overhead.Observe(timings.GatewayOverhead);

        if (exchange.Target is null) return;
        var key = new BackendModelKey(frontend, backend, model);
        if (timings.BackendTimeToFirstToken is not null || timings.InterTokenLatency is not null || timings.OutputTokensPerSecond is not null)
        {
            var series = BackendModels.GetOrAdd(key with { Frontend = "" }, static k => new BackendModelSeries(k));
            if (timings.BackendTimeToFirstToken is { } backendTtft) series.BackendTimeToFirstToken.Observe(backendTtft);
            if (timings.InterTokenLatency is { } itl) series.InterTokenLatency.Observe(itl);
            if (timings.OutputTokensPerSecond is { } tps) series.OutputTokensPerSecond.Observe(tps);
        }

        if (usage is not null)
        {
            var tokens = Tokens.GetOrAdd(key, static k => new TokenSeries(k));
            tokens.Input.Inc(usage.Input);
            tokens.Output.Inc(usage.Output);
            tokens.CachedInput.Inc(usage.CacheRead);
            tokens.Reasoning.Inc(usage.Reasoning);
        }
    }

    /// <summary>
    /// A request answered before the graph (body too large, refused by the frontend's preparation) or
    /// abandoned by its client while sending it (<paramref name="cancelled"/>): no backend, no model.
    /// </summary>
    public static void RecordRejected(string frontend, bool stream, int status, bool cancelled, long start, TimeProvider time)
    {
        var duration = time.GetElapsedTime(start).TotalSeconds;
        var request = Requests.GetOrAdd(
            new RequestKey(frontend, MetricLabels.None, MetricLabels.Other, stream, MetricLabels.StatusClass(status, cancelled)),
            static key => new RequestSeries(key));
        request.Count.Inc();
        request.Duration.Observe(duration);
        For(frontend).Overhead.Observe(duration);
    }

    /// <summary>The chunk-gap child for a stream's backend and model (resolved once per stream, see <see cref="ChunkMetrics"/>).</summary>
    internal static Histogram.Child ChunkGapFor(string backend, string model) =>
        BackendModels.GetOrAdd(new BackendModelKey("", backend, model), static k => new BackendModelSeries(k)).StreamChunkGap;

    private static FrontendSeries For(string frontend) => Frontends.GetOrAdd(frontend, static f => new FrontendSeries(f));

    private readonly record struct RequestKey(string Frontend, string Backend, string Model, bool Stream, string StatusClass);

    /// <summary>Frontend is "" for the series labelled by backend and model only.</summary>
    private readonly record struct BackendModelKey(string Frontend, string Backend, string Model);

    private sealed class RequestSeries
    {
        public RequestSeries(RequestKey k)
        {
            string[] labels = [k.Frontend, k.Backend, k.Model, k.Stream ? "true" : "false", k.StatusClass];
            Count = LouterMetrics.Requests.WithLabels(labels);
            Duration = LouterMetrics.RequestDuration.WithLabels(labels);
            TimeToFirstToken = LouterMetrics.TimeToFirstToken.WithLabels(labels);
        }

        public Counter.Child Count { get; }
        public Histogram.Child Duration { get; }
        public Histogram.Child TimeToFirstToken { get; }
    }

    private sealed class BackendModelSeries(BackendModelKey k)
    {
        public Histogram.Child BackendTimeToFirstToken { get; } = LouterMetrics.BackendTimeToFirstToken.WithLabels(k.Backend, k.Model);
        public Histogram.Child InterTokenLatency { get; } = LouterMetrics.InterTokenLatency.WithLabels(k.Backend, k.Model);
        public Histogram.Child StreamChunkGap { get; } = LouterMetrics.StreamChunkGap.WithLabels(k.Backend, k.Model);
        public Histogram.Child OutputTokensPerSecond { get; } = LouterMetrics.OutputTokensPerSecond.WithLabels(k.Backend, k.Model);
    }

    private sealed class TokenSeries(BackendModelKey k)
    {
        public Counter.Child Input { get; } = LouterMetrics.Tokens.WithLabels(k.Frontend, k.Backend, k.Model, "input");
        public Counter.Child Output { get; } = LouterMetrics.Tokens.WithLabels(k.Frontend, k.Backend, k.Model, "output");
        public Counter.Child CachedInput { get; } = LouterMetrics.Tokens.WithLabels(k.Frontend, k.Backend, k.Model, "cached_input");
        public Counter.Child Reasoning { get; } = LouterMetrics.Tokens.WithLabels(k.Frontend, k.Backend, k.Model, "reasoning");
    }

    private sealed class FrontendSeries(string frontend)
    {
        public Histogram.Child Overhead { get; } = LouterMetrics.GatewayOverhead.WithLabels(frontend);
        public Gauge.Child InFlight { get; } = LouterMetrics.InFlightRequests.WithLabels(frontend);
    }
}
