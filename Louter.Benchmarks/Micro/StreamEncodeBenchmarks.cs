using System.Buffers;
using BenchmarkDotNet.Attributes;
using Louter.Streams.Canonical;
using Louter.Streams.Pipeline;

namespace Louter.Benchmarks.Micro;

/// <summary>
/// A frontend's response encoder over one canonical stream (<see cref="CanonicalStream.AgentAnswer"/>,
/// 64 events): canonical events → the client's wire bytes, one whole stream per operation.
/// </summary>
[MemoryDiagnoser]
public class StreamEncodeBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(64 * 1024);
    private StreamEvent[] _events = [];
    private IFrontend _frontend = null!;
    private Exchange _exchange = null!;

    [Params(Protocol.OpenAIChat, Protocol.Anthropic, Protocol.Gemini, Protocol.Responses)]
    public Protocol Frontend { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _events = CanonicalStream.AgentAnswer();
        _frontend = Protocols.Frontend(Frontend);
        _exchange = Protocols.DecodedStreamingExchange(Frontend);
    }

    [Benchmark]
    public int EncodeStream()
    {
        _output.ResetWrittenCount();
        var encoder = _frontend.CreateEncoder(_exchange);
        foreach (var ev in _events) encoder.Encode(ev, _output);
        encoder.Complete(_output);
        return _output.WrittenCount;
    }
}
