using BenchmarkDotNet.Attributes;
using Louter.Streams.Backends;
using Louter.Streams.Pipeline;
using Louter.Streams.Routing;

namespace Louter.Benchmarks.Micro;

/// <summary>
/// The same-protocol request path up to the wire: the client's body decoded (and validated) by its
/// frontend, then the backend's HTTP request built from that body with only routing's changes (a
/// mapped model name; Louter's stream_options on a stream). This is the per-request work a relayed
/// request does before the upstream call; the body is each protocol's agent request (tools, tool
/// history, an image).
/// </summary>
[MemoryDiagnoser]
public class PassThroughRequestBenchmarks
{
    private byte[] _body = [];
    private IFrontend _frontend = null!;
    private IBackendProtocol _backend = null!;
    private RouteCandidate _target = null!;

    [Params(Protocol.OpenAIChat, Protocol.Anthropic, Protocol.Responses)]
    public Protocol Client { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _body = Inputs.Bytes(Protocols.RequestBody(Client));
        _frontend = Protocols.Frontend(Client);
        _backend = (IBackendProtocol)Protocols.Backend(Client);
        _target = Protocols.Target(Client);
    }

    [Benchmark]
    public long? DecodeAndBuild()
    {
        var exchange = Inputs.Exchange(_body, Protocols.Hints(Client));
        _frontend.Decode(exchange);
        using var request = _backend.CreateRequest(exchange, _target);
        return request.Content?.Headers.ContentLength;
    }
}
