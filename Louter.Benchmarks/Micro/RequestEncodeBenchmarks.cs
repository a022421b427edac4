using BenchmarkDotNet.Attributes;
using Louter.Streams.Canonical;
using Louter.Streams.Codecs;
using Louter.Streams.Protocols.OpenAI;
using Louter.Streams.Routing;

namespace Louter.Benchmarks.Micro;

/// <summary>
/// A backend codec's request encode: canonical request → that protocol's HTTP request (URL, auth,
/// serialised body). The canonical request is the OpenAI agent body's (tools, tool history, an image).
/// </summary>
[MemoryDiagnoser]
public class RequestEncodeBenchmarks
{
    private ChatRequest _request = null!;
    private IBackendCodec _codec = null!;
    private RouteCandidate _target = null!;

    [Params(Protocol.OpenAIChat, Protocol.Anthropic, Protocol.Gemini, Protocol.Responses)]
    public Protocol Backend { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var exchange = Inputs.Exchange(Inputs.Bytes(Protocols.RequestBody(Protocol.OpenAIChat)));
        OpenAIChatFrontend.Instance.Decode(exchange);
        _request = OpenAIChatFrontend.Instance.ToCanonical(exchange.Request!);
        _codec = Protocols.Backend(Backend);
        _target = Protocols.Target(Backend);
    }

    [Benchmark]
    public long? Encode()
    {
        using var request = _codec.CreateRequest(_request, _target);
        return request.Content?.Headers.ContentLength;
    }
}
