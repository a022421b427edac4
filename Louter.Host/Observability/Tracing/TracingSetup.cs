using Louter.Host.Config;
using Louter.Streams.Tracing;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Louter.Host.Observability.Tracing;

/// <summary>
/// [tracing]: exports Louter's spans over OTLP/HTTP (protobuf) when <c>otlp_endpoint</c> is set.
/// Without it nothing is registered, nothing listens to Louter's ActivitySource, and the span
/// helpers cost a null check per request.
/// </summary>
internal static class TracingSetup
{
    public const string ServiceName = "louter";

    public static void AddLouterTracing(this IServiceCollection services, TracingConfig? config)
    {
        if (config?.OtlpEndpoint is not { } endpoint) return;
        Louter.Streams.Metrics.LouterMetrics.TraceExemplars = true; // metrics link to the exported traces

        var ratio = config.SampleRatio;
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName, serviceVersion: typeof(TracingSetup).Assembly.GetName().Version?.ToString()))
            .WithTracing(tracing => tracing
                .AddSource(LouterTracing.SourceName)
                // A client that sent a sampled (or unsampled) traceparent decides; new traces are sampled at sample_ratio.
                .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(ratio)))
                .AddOtlpExporter(otlp =>
                {
                    otlp.Endpoint = TracesUrl(endpoint);
                    otlp.Protocol = OtlpExportProtocol.HttpProtobuf;
                }));
    }

    /// <summary>
    /// The URL spans are posted to. The exporter uses a URL given in code as is, unlike the
    /// OTEL_EXPORTER_OTLP_ENDPOINT variable it appends <c>/v1/traces</c> to; a collector's base URL
    /// ("http://collector:4318") gets the path here, a full one is kept.
    /// </summary>
    public static Uri TracesUrl(string endpoint)
    {
        var url = new Uri(endpoint, UriKind.Absolute);
        return url.AbsolutePath is "" or "/" ? new Uri(url, "/v1/traces") : url;
    }
}
