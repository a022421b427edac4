using System.Text;
using Louter.Streams.Mock;
using Louter.Streams.Pipeline;
using Louter.Streams.Routing;
using Louter.Tests.Support;
using Xunit;

namespace Louter.Tests.Streams.Pipeline;

/// <summary>A slow client slows the read from the backend; the graph never drains an upstream stream into memory.</summary>
public sealed class BackpressureTests(ActorSystemFixture akka) : IClassFixture<ActorSystemFixture>
{
    private const int Events = 200;

    private static readonly BackendDescriptor Upstream = new()
    {
        Name = "upstream",
        Protocol = BackendProtocol.OpenAI,
        BaseUrl = new Uri("http://upstream.test/v1"),
    };

    [Fact]
    public async Task SlowClient_HoldsTheUpstreamReadWithinAFewEventsOfWhatWasWritten()
    {
        var body = new CountingEventStream(Events);
        var handler = StubHttpHandler.Answering(_ => StubHttpHandler.EventStream(body));
        using var harness = new GraphHarness(akka.Materializer, TimeProvider.System, handler, Upstream);
        var client = new GatedResponseChannel();
        var exchange = new Exchange("req-bp", Encoding.UTF8.GetBytes("""{"model":"m","stream":true,"messages":[{"role":"user","content":"x"}]}"""), client, 0, CancellationToken.None);

        var run = harness.Graph.RunAsync(exchange);
        client.Allow(5);
        await client.WhenWritten(5).Within();

        // Five events reached the client, which now stops reading. All 200 events are ready upstream;
        // a graph that buffered would go on reading them. Give it a second to do so: it must not.
        var readAhead = body.WhenReadBeyond(5 + 6);
        await Assert.ThrowsAsync<TimeoutException>(() => readAhead.WaitAsync(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken));

        client.Allow(Events * 2);
        await run.Within();
        Assert.Equal(Events, body.EventsRead);
        Assert.Equal("[DONE]", client.LastData);
    }

    /// <summary>An SSE body with every event ready at once, one event per read, counting the reads.</summary>
    private sealed class CountingEventStream(int events) : AsyncReadOnlyStream
    {
        private readonly TaskCompletionSource _beyond = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private byte[] _current = [];
        private int _offset;
        private int _read;
        private int _threshold = int.MaxValue;

        public int EventsRead => Volatile.Read(ref _read);

        /// <summary>Completes once more than <paramref name="count"/> events have been read.</summary>
        public Task WhenReadBeyond(int count)
        {
            Volatile.Write(ref _threshold, count);
            if (EventsRead > count) _beyond.TrySetResult();
            return _beyond.Task;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_offset == _current.Length)
            {
                if (_read == events) return ValueTask.FromResult(0);
                var n = Interlocked.Increment(ref _read);
                if (n > Volatile.Read(ref _threshold)) _beyond.TrySetResult();
                _current = Encoding.UTF8.GetBytes(n == events
                    ? "data: [DONE]\n\n"
                    : $"data: {{\"id\":\"c\",\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"{n} \"}},\"finish_reason\":null}}]}}\n\n");
                _offset = 0;
            }
            var count = Math.Min(buffer.Length, _current.Length - _offset);
            _current.AsMemory(_offset, count).CopyTo(buffer);
            _offset += count;
            return ValueTask.FromResult(count);
        }
    }

    /// <summary>A client that accepts a write only when the test allows it (a slow reader).</summary>
    private sealed class GatedResponseChannel : IResponseChannel
    {
        private readonly SemaphoreSlim _gate = new(0);
        private readonly List<string> _data = [];
        private readonly Lock _lock = new();
        private TaskCompletionSource<int> _written = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _target = int.MaxValue;

        public bool HasStarted { get; private set; }

        public string? LastData
        {
            get { lock (_lock) return _data.Count == 0 ? null : _data[^1]; }
        }

        public void Allow(int writes) => _gate.Release(writes);

        public Task WhenWritten(int count)
        {
            lock (_lock)
            {
                _target = count;
                _written = new(TaskCreationOptions.RunContinuationsAsynchronously);
                if (_data.Count >= count) _written.TrySetResult(_data.Count);
                return _written.Task;
            }
        }

        public void Start(int status, string contentType, IReadOnlyList<KeyValuePair<string, string>> headers) { }

        public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
        {
            await _gate.WaitAsync(cancellationToken);
            HasStarted = true;
            lock (_lock)
            {
                _data.Add(Encoding.UTF8.GetString(data.Span).Trim()["data: ".Length..]);
                if (_data.Count >= _target) _written.TrySetResult(_data.Count);
            }
        }
    }
}
