using BenchmarkDotNet.Attributes;
using Louter.Streams.Canonical;
using Louter.Streams.Pipeline;

namespace Louter.Benchmarks.Micro;

/// <summary>
/// A frontend's request decode (wire JSON → typed wire records, validated), and decode + classify +
/// canonical mapping (what a cross-protocol request pays before routing).
/// </summary>
[MemoryDiagnoser]
public class RequestDecodeBenchmarks
{
    private byte[] _body = [];
    private IFrontend _frontend = null!;
    private RequestHints _hints = RequestHints.None;

    [Params(Protocol.OpenAIChat, Protocol.Anthropic, Protocol.Gemini, Protocol.Responses)]
    public Protocol Protocol { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _body = Inputs.Bytes(Protocols.RequestBody(Protocol));
        _frontend = Protocols.Frontend(Protocol);
        _hints = Protocols.Hints(Protocol);
        if (Decode().Error is { } error) throw new InvalidOperationException($"{Protocol} body did not decode: {error.Message}");
    }

    [Benchmark]
    public Exchange Decode()
    {
        var exchange = Inputs.Exchange(_body, _hints);
        _frontend.Decode(exchange);
        return exchange;
    }

    [Benchmark]
    public ChatRequest DecodeClassifyToCanonical()
    {
        var exchange = Inputs.Exchange(_body, _hints);
        _frontend.Decode(exchange);
        exchange.Needs = _frontend.Classify(exchange.Request!);
        return _frontend.ToCanonical(exchange.Request!);
    }
}
