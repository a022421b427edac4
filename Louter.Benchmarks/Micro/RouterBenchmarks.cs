using BenchmarkDotNet.Attributes;
using Louter.Streams.Classification;
using Louter.Streams.Routing;
using Louter.Streams.Routing.Balancing;

namespace Louter.Benchmarks.Micro;

/// <summary>
/// The routing decision (content-based strategy, round-robin) over a table of six backends: two
/// map the client's model, one of them with a fallback chain, one is text-only, and two serve any
/// name (the pass-through case).
/// </summary>
[MemoryDiagnoser]
public class RouterBenchmarks
{
    private RoutingTable _table = null!;
    private Router _router = null!;
    private RouteRequest _mapped;
    private RouteRequest _passedThrough;
    private RouteRequest _textOnly;

    [GlobalSetup]
    public void Setup()
    {
        var mapping = new Dictionary<string, string> { ["gpt-4o-mini"] = "gpt-4o-mini-2024-07-18", ["claude-sonnet-4-5"] = "claude-sonnet-4-5-20250929" };
        BackendDescriptor[] backends =
        [
            new() { Name = "openai-a", Protocol = BackendProtocol.OpenAI, ModelMapping = mapping, Capabilities = ["text", "vision", "function_calling"], Fallback = "local-qwen", Order = 0 },
            new() { Name = "openai-b", Protocol = BackendProtocol.OpenAI, ModelMapping = mapping, Capabilities = ["text", "vision", "function_calling", "reasoning"], Order = 1 },
            new() { Name = "text-only", Protocol = BackendProtocol.OpenAI, ModelMapping = mapping, Capabilities = ["text"], ContextWindow = 8192, Order = 2 },
            new() { Name = "local-qwen", Protocol = BackendProtocol.OpenAI, XmlToolFormat = true, Order = 3 },
            new() { Name = "gemini", Protocol = BackendProtocol.Gemini, ModelMapping = new Dictionary<string, string> { ["gemini-2.5-flash"] = "gemini-2.5-flash" }, Order = 4 },
            new() { Name = "anthropic", Protocol = BackendProtocol.Anthropic, Order = 5 },
        ];
        _table = RoutingTable.Create(backends);
        var seed = new Random(42);
        _router = new Router(new RoutingOptions(), new BackendLoad(), seed.NextDouble);
        _mapped = new RouteRequest("gpt-4o-mini", RequestNeeds.Text | RequestNeeds.Vision | RequestNeeds.FunctionCalling | RequestNeeds.Stream);
        _textOnly = new RouteRequest("gpt-4o-mini", RequestNeeds.Text);
        _passedThrough = new RouteRequest("qwen3-coder-30b", RequestNeeds.Text | RequestNeeds.FunctionCalling);
    }

    [Benchmark(Baseline = true)]
    public RouteResult MappedWithToolsAndVision() => _router.Route(_table, _mapped);

    [Benchmark]
    public RouteResult MappedTextOnly() => _router.Route(_table, _textOnly);

    [Benchmark]
    public RouteResult PassedThrough() => _router.Route(_table, _passedThrough);
}
