using System.Diagnostics;
using Louter.Streams.Errors;
using Louter.Streams.Pipeline;
using Louter.Streams.Tracing;

namespace Louter.Host.Observability.Tracing;

/// <summary>
/// The server span of one model request: "chat {model}", from the request's arrival until its
/// answer is written, parented on the client's W3C <c>traceparent</c>/<c>tracestate</c>. The
/// graph's stages and each backend attempt record their spans under it (Louter.Streams.Tracing).
/// </summary>
internal static class RequestSpan
{
    /// <summary>The request's span, or null when nothing listens to Louter's source (tracing off) or it is not sampled at all.</summary>
    public static Activity? Start(HttpContext context, string frontend, string requestId, TimeProvider time)
    {
        if (!LouterTracing.Source.HasListeners()) return null;

        var request = context.Request;
        var headers = request.Headers;
        // Parsed explicitly: ASP.NET Core's own request activity is not exported, so parenting on it
        // (Activity.Current) would hang Louter's span under a span nobody ever sees.
        ActivityContext.TryParse(headers.TraceParent.ToString(), headers.TraceState.ToString(), isRemote: true, out var parent);
        var span = StartRoot(parent, time.GetUtcNow());
        if (span is not { IsAllDataRequested: true }) return span;

        span.SetTag(GenAiAttributes.OperationName, GenAiAttributes.Chat);
        span.SetTag(GenAiAttributes.HttpMethod, request.Method);
        span.SetTag(GenAiAttributes.UrlPath, request.Path.Value);
        span.SetTag(GenAiAttributes.Frontend, frontend);
        span.SetTag(GenAiAttributes.RequestId, requestId);
        return span;
    }

    /// <summary>Ends the span with what the exchange learned: models, usage, finish reason, outcome, status.</summary>
    public static void Finish(Exchange exchange, int status, TimeProvider time)
    {
        if (exchange.Span is not { } span) return;
        if (span.IsAllDataRequested)
        {
            if (exchange.Request?.Model is { } model)
            {
                span.DisplayName = GenAiAttributes.Chat + " " + model;
                span.SetTag(GenAiAttributes.RequestModel, model);
                span.SetTag(GenAiAttributes.Stream, exchange.Request.Stream);
            }
            if (exchange.Target is { } target)
            {
                span.SetTag(GenAiAttributes.ProviderName, GenAiAttributes.Provider(target.Backend.Protocol));
                span.SetTag(GenAiAttributes.Backend, target.Backend.Name);
            }
            if (exchange.ResponseModel is { } responseModel) span.SetTag(GenAiAttributes.ResponseModel, responseModel);
            if (exchange.FinishReason is { } reason) span.SetTag(GenAiAttributes.FinishReasons, new[] { reason });
            if (exchange.Usage is { } usage)
            {
                span.SetTag(GenAiAttributes.InputTokens, usage.Input);
                span.SetTag(GenAiAttributes.OutputTokens, usage.Output);
            }
            span.SetTag(GenAiAttributes.Attempts, exchange.Attempts);
            span.SetTag(GenAiAttributes.Outcome, Louter.Streams.Metrics.AttemptMetrics.Label(exchange.Outcome));
            if (exchange.FirstByteTimestamp != 0)
                span.AddEvent(new ActivityEvent("first_byte", LouterTracing.ToUtc(span, exchange, exchange.FirstByteTimestamp, time)));
            SetStatus(span, status, exchange.Error?.Kind ?? (exchange.Fault is null ? null : GatewayErrorKind.Internal));
        }
        span.SetEndTime(LouterTracing.ToUtc(span, exchange, time.GetTimestamp(), time).UtcDateTime);
        span.Stop();
    }

    /// <summary>Ends the span of a request answered before the graph (body too large, refused by the endpoint).</summary>
    public static void Rejected(Activity? span, GatewayError error)
    {
        if (span is null) return;
        if (span.IsAllDataRequested) SetStatus(span, error.Status, error.Kind);
        span.Stop();
    }

    /// <summary>
    /// error.type for every failed request; status Error only when the failure is not the client's
    /// own (HTTP semconv: a server span's 4xx for bad input is not a server error).
    /// </summary>
    private static void SetStatus(Activity span, int status, GatewayErrorKind? kind)
    {
        span.SetTag(GenAiAttributes.HttpStatus, status);
        if (kind is not { } k) return;
        var type = SpanErrors.TypeOf(k);
        span.SetTag(GenAiAttributes.ErrorType, type);
        if (!SpanErrors.IsClientFault(k)) span.SetStatus(ActivityStatusCode.Error, $"{type}: HTTP {status}");
    }

    private static Activity? StartRoot(ActivityContext parent, DateTimeOffset start)
    {
        // Without a traceparent the span must be a root, and StartActivity takes Activity.Current as
        // the parent when given none.
        var previous = Activity.Current;
        Activity.Current = null;
        var span = LouterTracing.Source.StartActivity(GenAiAttributes.Chat, ActivityKind.Server, parent, startTime: start);
        Activity.Current = previous;
        return span;
    }
}
