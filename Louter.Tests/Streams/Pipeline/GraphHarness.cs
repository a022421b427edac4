using System.Text;
using Akka.Streams;
using Louter.Streams.Backends;
using Louter.Streams.Pipeline;
using Louter.Streams.Protocols.OpenAI;
using Louter.Streams.Routing;
using Louter.Tests.Support;

namespace Louter.Tests.Streams.Pipeline;

/// <summary>A request graph over a routing table and transports, driven without HTTP.</summary>
internal sealed class GraphHarness : IDisposable
{
    private int _requests;

    public GraphHarness(IMaterializer materializer, TimeProvider time, HttpMessageHandler? http, params BackendDescriptor[] backends)
        : this(OpenAIChatFrontend.Instance, materializer, time, http, backends)
    {
    }

    /// <summary>A graph behind the given client protocol's frontend.</summary>
    public GraphHarness(IFrontend frontend, IMaterializer materializer, TimeProvider time, HttpMessageHandler? http, params BackendDescriptor[] backends)
    {
        Routing = new RoutingTableHolder(RoutingTable.Create(backends));
        Transports = new BackendTransports(time, http);
        Graph = new RequestGraph(frontend, Routing, Transports, materializer);
    }

    public RoutingTableHolder Routing { get; }
    public BackendTransports Transports { get; }
    public RequestGraph Graph { get; }

    public static BackendDescriptor Mock(string name = "mock") => new() { Name = name, Protocol = BackendProtocol.Mock };

    /// <summary>Starts one exchange; the returned task completes when the graph has finished it.</summary>
    public (Exchange Exchange, RecordingResponseChannel Client, Task Run) Start(string body, CancellationToken aborted)
    {
        var client = new RecordingResponseChannel();
        var exchange = new Exchange($"req-{Interlocked.Increment(ref _requests)}", Encoding.UTF8.GetBytes(body), client, 0, aborted);
        return (exchange, client, Graph.RunAsync(exchange));
    }

    public async Task<(Exchange Exchange, RecordingResponseChannel Client)> RunAsync(string body)
    {
        var (exchange, client, run) = Start(body, CancellationToken.None);
        await run.Within();
        return (exchange, client);
    }

    public void Dispose() => Transports.Dispose();
}
