using System.Diagnostics;
using Louter.Streams.Errors;
using Louter.Streams.Metrics;
using Louter.Streams.Pipeline;
using Louter.Streams.Routing;

namespace Louter.Streams.Tracing;

/// <summary>
/// One client span per attempt on a backend ("chat {upstream model}"), child of the request span,
/// from the send until the attempt's outcome is known (for a stream: its end). The outbound request
/// carries the attempt's W3C context, so the backend's own spans join the client's trace.
/// </summary>
public static class AttemptSpan
{
    private const string TraceParent = "traceparent";
    private const string TraceState = "tracestate";

    /// <summary>
    /// Starts the attempt's span (null when the request is not traced) and puts its context on
    /// <paramref name="request"/>. A request that is traced but not sampled still passes the
    /// request span's context on (sampled flag 00), so the backend makes the same decision.
    /// </summary>
    public static Activity? Start(Exchange exchange, RouteCandidate target, HttpRequestMessage request, long timestamp, TimeProvider time)
    {
        if (exchange.Span is not { } parent) return null;
        var backend = target.Backend;
        var span = LouterTracing.StartDetached(GenAiAttributes.Chat + " " + target.UpstreamModel, ActivityKind.Client, parent.Context,
            LouterTracing.ToUtc(parent, exchange, timestamp, time));
        Propagate(span ?? parent, request);
        if (span is not { IsAllDataRequested: true }) return span;

        span.SetTag(GenAiAttributes.OperationName, GenAiAttributes.Chat);
        span.SetTag(GenAiAttributes.ProviderName, GenAiAttributes.Provider(backend.Protocol));
        span.SetTag(GenAiAttributes.RequestModel, target.UpstreamModel);
        span.SetTag(GenAiAttributes.Backend, backend.Name);
        span.SetTag(GenAiAttributes.Attempt, exchange.Attempts);
        span.SetTag(GenAiAttributes.Retry, exchange.Attempts - 1);
        span.SetTag(GenAiAttributes.HttpMethod, request.Method.Method);
        // Host and port only: the URL's path and query may carry a key (Gemini's ?key=).
        if (backend.BaseUrl is { } url)
        {
            span.SetTag(GenAiAttributes.ServerAddress, url.Host);
            span.SetTag(GenAiAttributes.ServerPort, url.Port);
        }
        return span;
    }

    /// <summary>Ends the attempt's span with its outcome, at the TimeProvider timestamp <paramref name="timestamp"/>.</summary>
    public static void Stop(Activity? span, Exchange exchange, UpstreamOutcome outcome, long timestamp, TimeProvider time)
    {
        if (span is null) return;
        if (span.IsAllDataRequested)
        {
            if (exchange.UpstreamStatus > 0) span.SetTag(GenAiAttributes.HttpStatus, exchange.UpstreamStatus);
            span.SetTag(GenAiAttributes.Outcome, AttemptMetrics.Label(outcome));
            SpanErrors.Attempt(span, outcome, exchange.UpstreamStatus);
        }
        LouterTracing.StopAt(span, exchange.Span!, exchange, timestamp, time);
    }

    private static void Propagate(Activity context, HttpRequestMessage request)
    {
        // A relayed request may carry the client's own headers: the client's traceparent is this span's parent, not the backend's.
        var headers = request.Headers;
        headers.Remove(TraceParent);
        headers.Remove(TraceState);
        headers.TryAddWithoutValidation(TraceParent, context.Id);
        if (context.TraceStateString is { } state) headers.TryAddWithoutValidation(TraceState, state);
    }
}
