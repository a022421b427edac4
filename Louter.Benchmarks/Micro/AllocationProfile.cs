using System.Diagnostics.Tracing;
using System.Text;
using Akka.Actor;
using Akka.Streams;
using Louter.Streams.Backends;
using Louter.Streams.Pipeline;
using Louter.Streams.Protocols.Anthropic;
using Louter.Streams.Protocols.OpenAI;
using Louter.Streams.Routing;

namespace Louter.Benchmarks.Micro;

/// <summary>
/// <c>alloc-profile [openai|openai-stream|anthropic-stream] [count] [upstream]</c>: runs the request graph
/// against the in-process mock — or, given an OpenAI-protocol upstream URL (the load harness's
/// <c>load serve-mock</c>, e.g. <c>http://127.0.0.1:18001/v1</c>), against it over HTTP — and prints which types the runtime's allocation sampling (one event per ~100 KB)
/// saw most — where the bytes per request go, to pick what to pool or remove. A tool for people, not
/// a benchmark: the totals are samples, the ranking is the result.
/// </summary>
internal static class AllocationProfile
{
    public static async Task<int> RunAsync(string[] args)
    {
        var which = args.Length > 0 ? args[0] : "openai";
        var count = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20_000;
        var system = ActorSystem.Create("louter-alloc", "akka.loglevel = WARNING");
        var materializer = system.Materializer();
        var upstream = args.Length > 2 ? new Uri(args[2]) : null;
        var backend = upstream is null
            ? new BackendDescriptor { Name = "mock", Protocol = BackendProtocol.Mock }
            : new BackendDescriptor { Name = "upstream", Protocol = BackendProtocol.OpenAI, BaseUrl = upstream };
        var routing = new RoutingTableHolder(RoutingTable.Create([backend]));
        using var transports = new BackendTransports(TimeProvider.System);
        var (graph, body) = which switch
        {
            "openai-stream" => (new RequestGraph(OpenAIChatFrontend.Instance, routing, transports, materializer),
                """{"model":"louter-mock","stream":true,"messages":[{"role":"user","content":"Count from 1 to 3"}]}"""),
            "anthropic-stream" => (new RequestGraph(AnthropicFrontend.Instance, routing, transports, materializer),
                """{"model":"louter-mock","max_tokens":256,"stream":true,"messages":[{"role":"user","content":"Count from 1 to 3"}]}"""),
            _ => (new RequestGraph(OpenAIChatFrontend.Instance, routing, transports, materializer),
                """{"model":"louter-mock","messages":[{"role":"user","content":"Count from 1 to 3"}]}"""),
        };
        var bytes = Encoding.UTF8.GetBytes(body);
        for (var i = 0; i < 2_000; i++) await Run(graph, bytes);

        using var listener = new AllocationListener();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < count; i++) await Run(graph, bytes);
        var perRequest = (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)count;
        listener.Dispose();

        var output = Console.Out;
        await output.WriteLineAsync($"{which}: {perRequest:0} bytes allocated per request (all threads), {count} requests");
        var total = listener.ByType.Values.Sum();
        foreach (var (type, sampled) in listener.ByType.OrderByDescending(x => x.Value).Take(40))
            await output.WriteLineAsync($"{100.0 * sampled / total,6:0.0}%  {type}");
        foreach (var (type, finalized) in listener.Finalized.OrderByDescending(x => x.Value).Take(10))
            await output.WriteLineAsync($"finalized {finalized,8}  {type}");
        await system.Terminate();
        return 0;
    }

    private static async Task Run(RequestGraph graph, byte[] body)
    {
        var exchange = new Exchange("req-alloc", body, NullResponseChannel.Instance, 0, CancellationToken.None);
        await graph.RunAsync(exchange).ConfigureAwait(false);
        if (exchange.Error is { } error) throw new InvalidOperationException(error.Message);
    }

    private sealed class AllocationListener : EventListener
    {
        private readonly object _gate = new();
        public Dictionary<string, long> ByType { get; } = [];
        public Dictionary<string, long> Finalized { get; } = [];

        protected override void OnEventSourceCreated(EventSource source)
        {
            if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1);
        }

        protected override void OnEventWritten(EventWrittenEventArgs e)
        {
            if (e.EventName == "FinalizeObject" && e.Payload is not null)
            {
                var name = e.PayloadNames!.IndexOf("TypeName") is var at and >= 0 ? e.Payload[at] as string ?? "?" : "?";
                lock (_gate) Finalized[name] = Finalized.GetValueOrDefault(name) + 1;
                return;
            }
            if (e.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || e.Payload is null) return;
            var index = e.PayloadNames!.IndexOf("TypeName");
            var sizeIndex = e.PayloadNames.IndexOf("AllocationAmount64");
            if (index < 0) return;
            var type = e.Payload[index] as string ?? "?";
            var amount = sizeIndex >= 0 ? Convert.ToInt64(e.Payload[sizeIndex], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
            lock (_gate) ByType[type] = ByType.GetValueOrDefault(type) + amount;
        }
    }
}
