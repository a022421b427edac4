using System.Buffers;
using System.Net.Http.Headers;
using Akka;
using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.Streams.Stage;
using Louter.Streams.Backends;
using Louter.Streams.Pipeline;

namespace Louter.Benchmarks.Load;

/// <summary>
/// The "graph floor" target: what a per-request Akka.Streams graph costs with none of a gateway's
/// work in it. Louter's graph shape (exchange → decode → classify → route → backend → translate →
/// sink), fused once and materialised per request in Louter's own request lanes, with the same sink;
/// but decode, classify and route do nothing, the backend stage forwards the body as it is and
/// relays the upstream's bytes as they come (no SSE parsing, no usage, no metrics), and translate
/// passes each frame on. Against YARP it shows what the graph itself costs; against Louter, what
/// Louter's work costs. Run as its own process (<c>load serve-graph-floor PORT UPSTREAM</c>); it
/// serves <c>POST /v1/chat/completions</c> only.
/// </summary>
internal static class GraphFloor
{
    public static async Task<int> ServeAsync(int port, string upstream)
    {
        var builder = LoopbackServer.CreateBuilder(port);
        var system = ActorSystem.Create("graph-floor", "akka.loglevel = WARNING");
        using var http = new HttpMessageInvoker(BackendTransports.CreateHandler());
        var lanes = RequestLanes.For(system.Materializer());
        var graph = Build(http, new Uri(new Uri(upstream), "v1/chat/completions"));

        await using var app = builder.Build();
        app.MapGet("/health", () => "ok");
        app.MapPost("/v1/chat/completions", async context =>
        {
            var body = await ReadBodyAsync(context.Request);
            var exchange = new Exchange("floor", body, new Channel(context.Response), 0, context.RequestAborted);
            await lanes.Start(graph, new GraphRun(exchange));
        });
        await app.RunAsync();
        await system.Terminate();
        return 0;
    }

    /// <summary>The whole body, as Louter reads it (a gateway that looks at the request must have it all).</summary>
    private static async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpRequest request)
    {
        var reader = request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(request.HttpContext.RequestAborted);
            if (result.IsCompleted)
            {
                var bytes = result.Buffer.ToArray();
                reader.AdvanceTo(result.Buffer.End);
                return bytes;
            }
            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    private static IGraph<ClosedShape, NotUsed> Build(HttpMessageInvoker http, Uri upstream)
    {
        static void Nothing(Exchange exchange) { }
        var blueprint = Source.FromGraph(new ExchangeSource())
            .Via(new StepStage("decode", Nothing))
            .Via(new StepStage("classify", Nothing))
            .Via(new StepStage("route", Nothing))
            .Via(new RelayStage(http, upstream))
            .Select(frame => frame) // translate: the frame as it is
            .To(new ResponseSink(Write));
        return Fusing.Aggressive(blueprint);
    }

    private static ValueTask Write(ClientFrame frame)
    {
        var response = frame.Exchange.Response;
        if (frame.Kind != ClientFrameKind.Head) return response.WriteAsync(frame.Data, frame.Exchange.Aborted);
        response.Start(frame.Status, frame.ContentType!, frame.Headers);
        return ValueTask.CompletedTask;
    }

    /// <summary>The client's side: status and content type, then every write flushed.</summary>
    private sealed class Channel(HttpResponse response) : IResponseChannel
    {
        public bool HasStarted => response.HasStarted;

        public void Start(int status, string contentType, IReadOnlyList<KeyValuePair<string, string>> headers)
        {
            response.StatusCode = status;
            response.ContentType = contentType;
        }

        public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
            await response.BodyWriter.WriteAsync(data, cancellationToken);
    }

    /// <summary>
    /// Sends the exchange's body upstream, then emits the answer's head and its body as read, one
    /// read per frame, each read only when the sink asks for more (the sink has written the last one,
    /// so the read buffer can be reused).
    /// </summary>
    private sealed class RelayStage : GraphStage<FlowShape<Exchange, ClientFrame>>
    {
        private readonly HttpMessageInvoker _http;
        private readonly Uri _upstream;
        private readonly Inlet<Exchange> _in = new("relay.in");
        private readonly Outlet<ClientFrame> _out = new("relay.out");

        public RelayStage(HttpMessageInvoker http, Uri upstream)
        {
            _http = http;
            _upstream = upstream;
            Shape = new FlowShape<Exchange, ClientFrame>(_in, _out);
        }

        public override FlowShape<Exchange, ClientFrame> Shape { get; }

        protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

        private sealed class Logic : InAndOutGraphStageLogic
        {
            private readonly RelayStage _stage;
            private readonly Action<Task<HttpResponseMessage>> _onResponse;
            private readonly Action<Task<int>> _onRead;
            private Exchange? _exchange;
            private HttpResponseMessage? _response;
            private Stream? _body;
            private byte[]? _buffer;
            private bool _reading;

            public Logic(RelayStage stage) : base(inCount: 1, outCount: 1)
            {
                _stage = stage;
                _onResponse = GetAsyncCallback<Task<HttpResponseMessage>>(OnResponse);
                _onRead = GetAsyncCallback<Task<int>>(OnRead);
                SetHandler(stage._in, this);
                SetHandler(stage._out, this);
            }

            public override void OnPush()
            {
                _exchange = Grab(_stage._in);
                var request = new HttpRequestMessage(HttpMethod.Post, _stage._upstream) { Content = new ReadOnlyMemoryContent(_exchange.Body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                _stage._http.SendAsync(request, _exchange.Aborted).ContinueWith(_onResponse, TaskContinuationOptions.ExecuteSynchronously);
            }

            public override void OnUpstreamFinish()
            {
                if (_exchange is null) CompleteStage();
            }

            private void OnResponse(Task<HttpResponseMessage> sent)
            {
                _response = sent.GetAwaiter().GetResult();
                _body = _response.Content.ReadAsStream();
                _buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
                Push(_stage._out, new ClientFrame(_exchange!, ClientFrameKind.Head)
                {
                    Status = (int)_response.StatusCode,
                    ContentType = _response.Content.Headers.ContentType?.ToString() ?? "application/json",
                });
            }

            public override void OnPull()
            {
                if (_exchange is null)
                {
                    Pull(_stage._in);
                    return;
                }
                var read = _body!.ReadAsync(_buffer.AsMemory(), _exchange.Aborted);
                if (read.IsCompletedSuccessfully)
                {
                    OnRead(read.Result);
                    return;
                }
                _reading = true;
                read.AsTask().ContinueWith(_onRead, TaskContinuationOptions.ExecuteSynchronously);
            }

            private void OnRead(Task<int> read)
            {
                _reading = false;
                OnRead(read.GetAwaiter().GetResult());
            }

            private void OnRead(int read)
            {
                if (read == 0) CompleteStage();
                else Push(_stage._out, new ClientFrame(_exchange!, ClientFrameKind.Data) { Data = _buffer.AsMemory(0, read) });
            }

            public override void PostStop()
            {
                _response?.Dispose();
                // Not while a read is in flight (the stage stopped under it): then the GC has the buffer.
                if (_buffer is not null && !_reading) ArrayPool<byte>.Shared.Return(_buffer);
            }
        }
    }
}
