using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Actor;
using Akka.Streams;
using Louter.Host.Frontends;
using Louter.Host.Observability.RequestLog;
using Louter.Host.Observability.Tracing;
using Louter.Streams.Backends;
using Louter.Streams.Errors;
using Louter.Streams.Metrics;
using Louter.Streams.Pipeline;
using Louter.Streams.Protocols.OpenAI;
using Louter.Streams.Routing;

namespace Louter.Host.Hosting;

/// <summary>
/// Runs model requests: reads the body, hands the exchange to the frontend's request graph, and
/// writes one log line per request. The graphs are built (and fused) once, on first use, because
/// they need the actor system's materializer.
/// </summary>
internal sealed partial class GatewayRuntime(
    RequestStreams streams,
    IRoutingTableSource routing,
    Router router,
    BackendTransports transports,
    GatewayLimits limits,
    RequestLogWriter requestLog,
    TimeProvider time,
    ILogger<GatewayRuntime> logger)
{
    private readonly ConcurrentDictionary<IFrontend, Lazy<RequestGraph>> _graphs = new();

    /// <summary>The frontend's request graph, built and fused on first use.</summary>
    public RequestGraph GraphFor(IFrontend frontend) =>
        _graphs.GetOrAdd(frontend, f => new Lazy<RequestGraph>(() => new RequestGraph(f, routing, transports, streams.Materializer, router))).Value;

    /// <summary>
    /// Runs one request. <paramref name="prepare"/>, when given, sees the body before the graph and
    /// returns the hints to run with, or an error to answer with instead (Responses resolves
    /// previous_response_id from the store this way).
    /// </summary>
    public Task HandleAsync(HttpContext context, IFrontend frontend, RequestHints? hints = null, Prepare? prepare = null) =>
        HandleAsync(context, GraphFor(frontend), hints ?? RequestHints.None, prepare);

    public delegate ValueTask<(RequestHints? Hints, GatewayError? Error)> Prepare(ReadOnlyMemory<byte> body, CancellationToken cancellationToken);

    private async Task HandleAsync(HttpContext context, RequestGraph graph, RequestHints hints, Prepare? prepare)
    {
        if (!transports.Metrics)
        {
            await RunAsync(context, graph, hints, prepare);
            return;
        }

        var inFlight = RequestMetrics.InFlight(graph.Frontend.Name);
        inFlight.Inc();
        try
        {
            await RunAsync(context, graph, hints, prepare);
        }
        finally
        {
            inFlight.Dec();
        }
    }

    private async Task RunAsync(HttpContext context, RequestGraph graph, RequestHints hints, Prepare? prepare)
    {
        var requestId = RequestIds.Of(context);
        var channel = RequestLogEntries.Capturing(requestLog, new HttpResponseChannel(context.Response, requestId));
        var start = time.GetTimestamp();
        var span = RequestSpan.Start(context, graph.Frontend.Name, requestId, time);
        if (span is not null && RequestLogScope.Of(context) is { } scope) scope.Span = span; // log lines carry the exported trace's id

        ReadOnlyMemory<byte> body;
        GatewayError? tooLarge;
        try
        {
            (body, tooLarge) = await RequestBodyReader.ReadAsync(context.Request, limits.MaxRequestBodyBytes, context.RequestAborted);
        }
        catch (Exception e) when (context.RequestAborted.IsCancellationRequested && e is OperationCanceledException or IOException or BadHttpRequestException)
        {
            span?.Stop();
            if (transports.Metrics) RequestMetrics.RecordRejected(graph.Frontend.Name, hints.Stream ?? false, StatusCodes.Status499ClientClosedRequest, cancelled: true, start, time);
            return; // the client went away while sending its request: nothing to answer, nothing sent upstream
        }

        if (tooLarge is not null)
        {
            await RejectAsync(context, graph, channel, tooLarge, tooLarge.Status, requestId, hints, start, span);
            return;
        }

        if (prepare is not null)
        {
            var (prepared, refused) = await prepare(body, context.RequestAborted);
            if (refused is not null)
            {
                await RejectAsync(context, graph, channel, refused, graph.Frontend.StatusOf(refused), requestId, hints, start, span);
                return;
            }
            hints = prepared ?? hints;
        }

        var exchange = new Exchange(requestId, body, channel, start, context.RequestAborted) { ReceivedAt = time.GetUtcNow(), Hints = hints, Span = span };
        await graph.RunAsync(exchange);
        if (transports.Metrics) RequestMetrics.Record(exchange, graph.Frontend.Name, context.Response.StatusCode, time);
        RequestSpan.Finish(exchange, context.Response.StatusCode, time);
        Log(exchange, graph.Frontend.Name, context.Response.StatusCode);
        RequestLogEntries.Add(requestLog, context, exchange, graph.Frontend.Name, context.Response.StatusCode, time);
    }

    /// <summary>Answers a request refused before its graph ran (body too large, prepare refused): the error, its log line, request-log entry, metrics and span.</summary>
    private async Task RejectAsync(HttpContext context, RequestGraph graph, IResponseChannel channel, GatewayError error, int status,
        string requestId, RequestHints hints, long start, System.Diagnostics.Activity? span)
    {
        channel.Start(status, "application/json", []);
        await channel.WriteAsync(graph.Frontend.RenderError(error), context.RequestAborted);
        LogRejected(requestId, graph.Frontend.Name, error.Status, error.Message);
        RequestLogEntries.AddRejected(requestLog, context, requestId, graph.Frontend.Name, error, status, start, time);
        if (transports.Metrics) RequestMetrics.RecordRejected(graph.Frontend.Name, hints.Stream ?? false, status, cancelled: false, start, time);
        RequestSpan.Rejected(span, error);
    }

    private void Log(Exchange exchange, string frontend, int status)
    {
        var elapsed = time.GetElapsedTime(exchange.StartTimestamp);
        var ttfb = exchange.FirstByteTimestamp == 0 ? (double?)null : time.GetElapsedTime(exchange.StartTimestamp, exchange.FirstByteTimestamp).TotalMilliseconds;
        if (exchange.Route is { } route) LogRouted(exchange.RequestId, route.Mode, route.Outcome, route.Reason);
        foreach (var warning in exchange.Warnings) LogWarning(exchange.RequestId, exchange.Target?.Backend.Name, warning);
        if (exchange.Fault is { } fault)
        {
            LogFault(fault, exchange.RequestId, frontend, exchange.Target?.Backend.Name);
        }

        LogCompleted(
            exchange.RequestId, frontend, exchange.Request?.Model, exchange.Target?.Backend.Name, exchange.Target?.UpstreamModel,
            exchange.Request?.Stream ?? false, status, exchange.Outcome, exchange.Error?.Message,
            exchange.Usage?.Input, exchange.Usage?.Output, exchange.Attempts, ttfb, elapsed.TotalMilliseconds);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "{RequestId} {Frontend} model={Model} backend={Backend} upstream_model={UpstreamModel} stream={Stream} status={Status} outcome={Outcome} error={Error} input_tokens={InputTokens} output_tokens={OutputTokens} attempts={Attempts} ttfb_ms={TtfbMs} duration_ms={DurationMs}")]
    private partial void LogCompleted(string requestId, string frontend, string? model, string? backend, string? upstreamModel, bool stream, int status,
        UpstreamOutcome outcome, string? error, long? inputTokens, long? outputTokens, int attempts, double? ttfbMs, double durationMs);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "{RequestId} {Frontend} rejected status={Status}: {Reason}")]
    private partial void LogRejected(string requestId, string frontend, int status, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "{RequestId} routing mode={Mode} outcome={Outcome}: {Reason}")]
    private partial void LogRouted(string requestId, string mode, string outcome, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "{RequestId} backend={Backend}: {Warning}")]
    private partial void LogWarning(string requestId, string? backend, string warning);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "{RequestId} {Frontend} backend={Backend}: internal error")]
    private partial void LogFault(Exception exception, string requestId, string frontend, string? backend);
}

/// <summary>Request limits from [server].</summary>
internal sealed record GatewayLimits(long MaxRequestBodyBytes);
