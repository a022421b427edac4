using BenchmarkDotNet.Attributes;
using Louter.Streams.Canonical;
using Louter.Streams.Codecs;
using Louter.Streams.Sse;

namespace Louter.Benchmarks.Micro;

/// <summary>
/// A backend's stream decoder over one recorded streamed answer (SSE already framed): upstream
/// events → canonical events, one whole stream per operation, decoder state included.
/// </summary>
[MemoryDiagnoser]
public class StreamDecodeBenchmarks
{
    private readonly List<StreamEvent> _output = new(256);
    private SseEvent[] _events = [];
    private IBackendCodec _codec = null!;

    [Params(Protocol.OpenAIChat, Protocol.Anthropic, Protocol.Gemini, Protocol.Responses)]
    public Protocol Backend { get; set; }

    /// <summary>How many SSE events the recorded stream holds (for reading the per-stream numbers).</summary>
    public int UpstreamEvents => _events.Length;

    [GlobalSetup]
    public void Setup()
    {
        _events = Inputs.SseEvents(Protocols.RecordedStream(Backend));
        _codec = Protocols.Backend(Backend);
    }

    [Benchmark]
    public int DecodeStream()
    {
        _output.Clear();
        var decoder = _codec.CreateStreamDecoder();
        foreach (var ev in _events) decoder.Decode(ev, _output);
        decoder.Complete(_output);
        return _output.Count;
    }
}
