using System.Text;
using Akka;
using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;
using BenchmarkDotNet.Attributes;
using Louter.Streams.Backends;
using Louter.Streams.Pipeline;
using Louter.Streams.Protocols.Anthropic;
using Louter.Streams.Protocols.OpenAI;
using Louter.Streams.Routing;

namespace Louter.Benchmarks.Micro;

/// <summary>
/// Graph materialisation (DESIGN §2). Three floors with no Louter work in them — a two-stage graph
/// materialised per request the naive way (<c>Source.Single(x).RunWith(blueprint)</c>, re-fused every
/// time), pre-fused but wrapped in a <c>RunnableGraph</c> (which the materializer fuses again: it skips
/// fusing only for the <c>FusedGraph</c> instance itself), and pre-fused materialised as that
/// <c>FusedGraph</c> (built once with <c>Fusing.Aggressive</c>, fed through <c>Source.Maybe</c>) —
/// then the whole <see cref="RequestGraph"/> running one exchange against the in-process mock backend:
/// OpenAI in and out (the relay fast path), streamed and not, and an Anthropic client streaming from
/// the OpenAI-protocol mock (translated). The distance from the pre-fused floor is Louter's own work.
/// </summary>
[MemoryDiagnoser]
public class GraphMaterialisationBenchmarks
{
    private static readonly byte[] OpenAIBody =
        Encoding.UTF8.GetBytes("""{"model":"louter-mock","messages":[{"role":"user","content":"Count from 1 to 3"}]}""");
    private static readonly byte[] OpenAIStreamBody =
        Encoding.UTF8.GetBytes("""{"model":"louter-mock","stream":true,"messages":[{"role":"user","content":"Count from 1 to 3"}]}""");
    private static readonly byte[] AnthropicStreamBody =
        Encoding.UTF8.GetBytes("""{"model":"louter-mock","max_tokens":256,"stream":true,"messages":[{"role":"user","content":"Count from 1 to 3"}]}""");

    private ActorSystem _system = null!;
    private ActorMaterializer _materializer = null!;
    private BackendTransports _transports = null!;
    private RequestGraph _openAI = null!;
    private RequestGraph _anthropic = null!;
    private Sink<int, Task<int>> _unfusedBlueprint = null!;
    private RunnableGraph<(TaskCompletionSource<int>, Task<int>)> _preFusedWrapped = null!;
    private IGraph<ClosedShape, (TaskCompletionSource<int>, Task<int>)> _preFused = null!;

    [GlobalSetup]
    public void Setup()
    {
        _system = ActorSystem.Create("louter-bench", "akka.loglevel = WARNING");
        _materializer = _system.Materializer();

        _unfusedBlueprint = Flow.Create<int>().Select(x => x + 1).ToMaterialized(Sink.First<int>(), Keep.Right);
        _preFused = Fusing.Aggressive(Source.Maybe<int>().Select(x => x + 1).ToMaterialized(Sink.First<int>(), Keep.Both));
        _preFusedWrapped = RunnableGraph.FromGraph(_preFused);

        var routing = new RoutingTableHolder(RoutingTable.Create([new BackendDescriptor { Name = "mock", Protocol = BackendProtocol.Mock }]));
        _transports = new BackendTransports(TimeProvider.System);
        _openAI = new RequestGraph(OpenAIChatFrontend.Instance, routing, _transports, _materializer);
        _anthropic = new RequestGraph(AnthropicFrontend.Instance, routing, _transports, _materializer);
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _transports.Dispose();
        _materializer.Dispose();
        await _system.Terminate().ConfigureAwait(false);
    }

    [Benchmark]
    public Task<int> FloorRefusedPerRequest() => Source.Single(1).RunWith(_unfusedBlueprint, _materializer);

    [Benchmark]
    public Task<int> FloorPreFusedButWrapped()
    {
        var (promise, result) = _preFusedWrapped.Run(_materializer);
        promise.TrySetResult(1);
        return result;
    }

    [Benchmark(Baseline = true)]
    public Task<int> FloorPreFused()
    {
        var (promise, result) = _materializer.Materialize(_preFused);
        promise.TrySetResult(1);
        return result;
    }

    [Benchmark]
    public Task OpenAIRelay() => Run(_openAI, OpenAIBody);

    [Benchmark]
    public Task OpenAIRelayStreamed() => Run(_openAI, OpenAIStreamBody);

    [Benchmark]
    public Task AnthropicTranslatedStreamed() => Run(_anthropic, AnthropicStreamBody);

    private static async Task Run(RequestGraph graph, byte[] body)
    {
        var exchange = new Exchange("req-bench", body, NullResponseChannel.Instance, 0, CancellationToken.None);
        await graph.RunAsync(exchange).ConfigureAwait(false);
        if (exchange.Error is { } error) throw new InvalidOperationException($"The mock exchange failed: {error.Message}");
    }
}
