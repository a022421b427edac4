using Akka;
using Akka.Streams;
using Akka.Streams.Dsl;
using Louter.Streams.Backends;
using Louter.Streams.Errors;
using Louter.Streams.Metrics;
using Louter.Streams.Routing;
using Louter.Streams.Tracing;

namespace Louter.Streams.Pipeline;

/// <summary>
/// The per-request graph, one per frontend:
/// <code>
///   exchange ─▶ decode ─▶ classify ─▶ route ─▶ backend ─▶ translate ─▶ sink
///   (the run's)  wire→req   needs      table    HTTP→frames  frames→client  write+flush, disconnect
/// </code>
/// The graph is built and fused once; each request only materialises it (DESIGN §2: re-fusing per
/// request costs about a third of the throughput), in one of the <see cref="RequestLanes"/>' interpreters
/// rather than in an actor of its own. The request's exchange reaches the graph as an attribute of
/// the materialisation (<see cref="GraphRun"/>). Stages before the backend pass an exchange that
/// already failed through untouched; the backend stage turns its error into an error frame, so
/// every outcome reaches the sink as data and is rendered in the client's protocol.
/// </summary>
public sealed class RequestGraph
{
    // The fused graph itself, not a RunnableGraph around it: the materializer skips fusing only for
    // a FusedGraph instance, and re-fusing cost ~15% of the CPU per request (profiled).
    private readonly IGraph<ClosedShape, NotUsed> _graph;
    private readonly RequestLanes _lanes;
    private readonly IFrontend _frontend;
    private readonly TimeProvider _time;
    private readonly bool _metrics;

    /// <param name="router">Chooses the candidates; null = <see cref="Router.CreateDefault"/> (content-based, round-robin).</param>
    public RequestGraph(IFrontend frontend, IRoutingTableSource routing, BackendTransports transports, IMaterializer materializer, Router? router = null)
    {
        router ??= Router.CreateDefault();
        _frontend = frontend;
        _lanes = RequestLanes.For(materializer);
        _time = transports.Time;
        _metrics = transports.Metrics;
        var metrics = _metrics;

        var time = _time;
        var decode = new StepStage("decode", ex =>
        {
            var traced = StageSpan.Begin(ex, time);
            frontend.Decode(ex);
            StageSpan.Decoded(ex, traced, time);
        });

        var classify = new StepStage("classify", ex =>
        {
            if (ex.Error is null) ex.Needs = frontend.Classify(ex.Request!);
        });

        var route = new StepStage("route", ex =>
        {
            if (ex.Error is not null) return;
            var traced = StageSpan.Begin(ex, time);
            var result = router.Route(routing.Current, new RouteRequest(ex.Request!.Model, ex.Needs, ex.Body));
            if (metrics)
            {
                RoutingMetrics.Count(result, ex.Needs);
                ex.ModelLabel = MetricLabels.Model(routing.Current, ex.Request!.Model);
            }
            ex.Route = result;
            ex.Error = result.Error;
            StageSpan.Routed(ex, traced, time);
        });

        var blueprint = Source.FromGraph(new ExchangeSource())
            .Via(decode)
            .Via(classify)
            .Via(route)
            .Via(new BackendStage(transports, frontend))
            .Via(new TranslateStage(frontend))
            .To(new ResponseSink(WriteAsync));

        _graph = Fusing.Aggressive(blueprint);
    }

    public IFrontend Frontend => _frontend;

    /// <summary>Relay (same protocol) or translate through the canonical model (another protocol).</summary>
    internal static ClientFrame? Translate(IFrontend frontend, BackendFrame frame)
    {
        var exchange = frame.Exchange;
        if (exchange.PassThrough) return frontend.PassThrough(frame);
        if (frame.Kind == BackendFrameKind.Error) return new ClientFrame(exchange, ClientFrameKind.Error) { Error = frame.Error };
        return TranslatorFor(frontend, exchange).Translate(frame);
    }

    /// <summary>The exchange's translator (another protocol on the backend), made on first use.</summary>
    internal static CrossTranslator TranslatorFor(IFrontend frontend, Exchange exchange) =>
        exchange.Translator ??= new CrossTranslator(exchange, frontend, frontend.CreateEncoder(exchange), exchange.Codec!);

    /// <summary>Runs one exchange to completion. Never throws for the client's or the backend's faults.</summary>
    public async Task RunAsync(Exchange exchange)
    {
        try
        {
            await _lanes.Start(_graph, new GraphRun(exchange)).ConfigureAwait(false);
        }
        catch (Exception e) when (ClientGone(exchange, e))
        {
            exchange.Outcome = UpstreamOutcome.ClientCancelled;
        }
        catch (Exception e)
        {
            // A bug in a stage: log it (the host reads Fault), answer with a generic 500.
            exchange.Fault ??= e;
            await WriteErrorAsync(exchange, new GatewayError(GatewayErrorKind.Internal, "Louter failed while handling this request. The error has been logged.")).ConfigureAwait(false);
        }
    }

    /// <summary>The client disconnected: its abort was signalled, or a write found the connection already closed.</summary>
    private static bool ClientGone(Exchange exchange, Exception e) =>
        exchange.Aborted.IsCancellationRequested || e is ClientDisconnectedException;

    /// <summary>The sink's write of one frame; completes synchronously when the channel took it without waiting.</summary>
    internal ValueTask WriteAsync(ClientFrame frame)
    {
        var exchange = frame.Exchange;
        switch (frame.Kind)
        {
            case ClientFrameKind.Head:
                exchange.Response.Start(frame.Status, frame.ContentType!, frame.Headers);
                return ValueTask.CompletedTask;
            case ClientFrameKind.Data:
                if (_metrics) ChunkMetrics.Written(exchange, _time, frame.Chunks); // first byte (TTFT) and the gap since the last chunk
                else if (exchange.FirstByteTimestamp == 0) exchange.FirstByteTimestamp = _time.GetTimestamp();
                return exchange.Response.WriteAsync(frame.Data, flush: !frame.Defer, exchange.Aborted);
            case ClientFrameKind.Flush:
                return exchange.Response.FlushAsync(exchange.Aborted);
            case ClientFrameKind.Error:
                return new ValueTask(WriteErrorAsync(exchange, frame.Error!));
            default:
                return ValueTask.CompletedTask;
        }
    }

    private byte[] RenderStreamError(Exchange exchange, GatewayError error)
    {
        if (exchange.Encoder is not { } encoder) return _frontend.RenderStreamError(error);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        encoder.Fail(error, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    private async Task WriteErrorAsync(Exchange exchange, GatewayError error)
    {
        exchange.Error ??= error;
        if (exchange.Response.HasStarted)
        {
            try
            {
                await exchange.Response.WriteAsync(RenderStreamError(exchange, error), exchange.Aborted).ConfigureAwait(false);
            }
            catch (Exception e) when (ClientGone(exchange, e))
            {
                // The client is gone; nobody to tell.
            }
            return;
        }

        var headers = new List<KeyValuePair<string, string>>(error.Headers);
        if (error.RetryAfter is { } retryAfter) headers.Add(new("retry-after", RateLimitHeaders.ToHeaderValue(retryAfter)));
        exchange.Response.Start(_frontend.StatusOf(error), "application/json", headers);
        await exchange.Response.WriteAsync(_frontend.RenderError(error), exchange.Aborted).ConfigureAwait(false);
    }
}
