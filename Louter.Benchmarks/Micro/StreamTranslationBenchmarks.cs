using System.Buffers;
using BenchmarkDotNet.Attributes;
using Louter.Streams.Canonical;
using Louter.Streams.Codecs;
using Louter.Streams.Pipeline;
using Louter.Streams.Sse;

namespace Louter.Benchmarks.Micro;

/// <summary>
/// Stream-chunk translation per protocol pair: one backend's recorded stream decoded to canonical
/// events and each event encoded at once for a client of another protocol — the work CrossTranslator
/// does per frame, without the graph around it. One whole stream per operation. Same-protocol pairs
/// are left out: they are relayed, not translated.
/// </summary>
[MemoryDiagnoser]
public class StreamTranslationBenchmarks
{
    private readonly List<StreamEvent> _events = new(64);
    private readonly ArrayBufferWriter<byte> _output = new(64 * 1024);
    private SseEvent[] _upstream = [];
    private IBackendCodec _codec = null!;
    private IFrontend _frontend = null!;
    private Exchange _exchange = null!;

    [ParamsSource(nameof(Pairs))]
    public Pair Pair { get; set; }

    public static IEnumerable<Pair> Pairs() =>
        from backend in Enum.GetValues<Protocol>()
        from frontend in Enum.GetValues<Protocol>()
        where backend != frontend
        select new Pair(backend, frontend);

    [GlobalSetup]
    public void Setup()
    {
        _upstream = Inputs.SseEvents(Protocols.RecordedStream(Pair.Backend));
        _codec = Protocols.Backend(Pair.Backend);
        _frontend = Protocols.Frontend(Pair.Frontend);
        _exchange = Protocols.DecodedStreamingExchange(Pair.Frontend);
    }

    [Benchmark]
    public int Translate()
    {
        _output.ResetWrittenCount();
        var decoder = _codec.CreateStreamDecoder();
        var encoder = _frontend.CreateEncoder(_exchange);
        foreach (var upstream in _upstream)
        {
            _events.Clear();
            decoder.Decode(upstream, _events);
            foreach (var ev in _events) encoder.Encode(ev, _output);
        }
        _events.Clear();
        decoder.Complete(_events);
        foreach (var ev in _events) encoder.Encode(ev, _output);
        encoder.Complete(_output);
        return _output.WrittenCount;
    }
}

/// <summary>A backend protocol answering a client of another protocol; prints as "Anthropic→OpenAIChat" in the results.</summary>
public readonly record struct Pair(Protocol Backend, Protocol Frontend)
{
    public override string ToString() => $"{Backend}→{Frontend}";
}
