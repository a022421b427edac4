using System.Buffers;
using BenchmarkDotNet.Attributes;
using Louter.Streams.Pipeline;
using Louter.Streams.Protocols.OpenAI;
using Louter.Streams.Sse;

namespace Louter.Benchmarks.Micro;

/// <summary>
/// A same-protocol stream relayed as the backend and translate stages relay it. <see cref="RelayRuns"/>
/// is the raw relay OpenAI Chat, Anthropic and Responses streams take: events found in the reader's
/// buffer, each one probed in place for usage and errors, the run's bytes written as they came (the
/// write stands for the sink's copy into the response). <see cref="RelayEvents"/> is the event path
/// (Gemini, and every stream before the raw relay): each event's data copied out, probed and
/// re-framed onto the batch's bytes. One whole recorded stream (<c>recorded/openai/streaming</c>, 11
/// events) per operation; the reads complete at once, so this is the parsing and relaying alone.
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

    private readonly List<SseEventSpan> _run = new(64);

    [Benchmark]
    public async Task<int> RelayRuns()
    {
        _output.ResetWrittenCount();
        var reader = new SseReader(new MemoryStream(_upstream, writable: false));
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.LocateAsync(CancellationToken.None).ConfigureAwait(false) is { } first)
            {
                _run.Clear();
                _run.Add(first);
                while (reader.TryLocateBuffered(out var next)) _run.Add(next);
                var run = reader.Run.Span;
                foreach (var ev in _run) OpenAIChatFrontend.Instance.Observe(_exchange, ev.Event, ev.Data(run));
                _output.Write(run);
            }
        }
        return _output.WrittenCount;
    }

    [Benchmark(Baseline = true)]
    public async Task<int> RelayEvents()
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
