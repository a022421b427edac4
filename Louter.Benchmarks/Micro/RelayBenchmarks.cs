using System.Buffers;
using BenchmarkDotNet.Attributes;
using Louter.Streams.Pipeline;
using Louter.Streams.Protocols.OpenAI;
using Louter.Streams.Sse;

namespace Louter.Benchmarks.Micro;

/// <summary>
/// A same-protocol stream relayed as the backend and translate stages relay it: the SSE reader over
/// the upstream's bytes (an event, then every event already buffered behind it) and, per event, the
/// OpenAI frontend's usage/error probe and re-framing onto the batch's bytes. One whole recorded
/// stream (<c>recorded/openai/streaming</c>, 11 events) per operation; the reads complete at once, so
/// this is the parsing and relaying alone.
/// </summary>
[MemoryDiagnoser]
public class RelayBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(16 * 1024);
    private byte[] _upstream = [];
    private Exchange _exchange = null!;

    [GlobalSetup]
    public void Setup()
    {
        _upstream = Inputs.Bytes(Protocols.RecordedStream(Protocol.OpenAIChat));
        _exchange = Protocols.DecodedStreamingExchange(Protocol.OpenAIChat);
    }

    [Benchmark]
    public async Task<int> RelayStream()
    {
        _output.ResetWrittenCount();
        var reader = new SseReader(new MemoryStream(_upstream, writable: false));
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(CancellationToken.None).ConfigureAwait(false) is { } ev)
            {
                OpenAIChatFrontend.Instance.PassThroughInto(_exchange, ev, _output);
                while (reader.TryReadBuffered(out var next)) OpenAIChatFrontend.Instance.PassThroughInto(_exchange, next, _output);
            }
        }
        return _output.WrittenCount;
    }
}
