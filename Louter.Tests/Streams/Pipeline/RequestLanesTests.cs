using System.Text;
using Louter.Streams.Pipeline;
using Louter.Tests.Support;
using Xunit;

namespace Louter.Tests.Streams.Pipeline;

/// <summary>
/// Request graphs run several to an interpreter (<see cref="RequestLanes"/>): requests on the same lane
/// do not wait for each other, a graph that fails fails alone, and a client that is gone before its
/// abort is signalled counts as a disconnect, not as Louter's fault.
/// </summary>
public sealed class RequestLanesTests(ActorSystemFixture akka) : IClassFixture<ActorSystemFixture>
{
    private const string Chat = """{"model":"louter-mock","messages":[{"role":"user","content":"lane test"}]}""";
    private const string StreamingChat = """{"model":"louter-mock","stream":true,"messages":[{"role":"user","content":"lane test"}]}""";

    private GraphHarness Harness() => new(akka.Materializer, TimeProvider.System, http: null, GraphHarness.Mock());

    [Fact]
    public async Task ManyConcurrentRequests_MoreThanLanes_AllAnswered()
    {
        using var harness = Harness();
        var count = RequestLanes.DefaultCount * 25;
        var runs = Enumerable.Range(0, count).Select(i => harness.RunAsync(i % 2 == 0 ? Chat : StreamingChat)).ToList();

        var results = await Task.WhenAll(runs).Within(30);

        Assert.All(results, r =>
        {
            Assert.Null(r.Exchange.Error);
            Assert.Equal(200, r.Client.Status);
            Assert.Contains("lane", r.Client.BodyText, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task AHeldRequest_DoesNotHoldUpTheOthersOnItsLane()
    {
        using var harness = Harness();
        // One client that does not take its first write: every lane gets one such request.
        var held = Enumerable.Range(0, RequestLanes.DefaultCount).Select(_ => new HeldChannel()).ToList();
        var heldRuns = held.Select(c => harness.Graph.RunAsync(new Exchange("req-held", Encoding.UTF8.GetBytes(StreamingChat), c, 0, CancellationToken.None))).ToList();
        await Task.WhenAll(held.Select(c => c.FirstWrite)).Within(10);

        // Every lane now has a graph waiting on its client; requests after them still run to the end.
        var others = await Task.WhenAll(Enumerable.Range(0, RequestLanes.DefaultCount * 2).Select(_ => harness.RunAsync(Chat))).Within(10);
        Assert.All(others, r => Assert.Equal(200, r.Client.Status));
        Assert.All(heldRuns, r => Assert.False(r.IsCompleted));

        foreach (var c in held) c.Release();
        await Task.WhenAll(heldRuns).Within(10);
        Assert.All(held, c => Assert.EndsWith("data: [DONE]\n\n", c.Text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AGraphThatFails_FailsAlone_AndTheLanesKeepServing()
    {
        using var harness = Harness();
        var faulty = Enumerable.Range(0, RequestLanes.DefaultCount).Select(_ => new ThrowingChannel(new InvalidOperationException("a bug in the client channel"), throwOnlyOnce: true)).ToList();
        var exchanges = faulty.Select(c => new Exchange("req-bug", Encoding.UTF8.GetBytes(Chat), c, 0, CancellationToken.None)).ToList();

        await Task.WhenAll(exchanges.Select(harness.Graph.RunAsync)).Within(10);

        Assert.All(exchanges, e => Assert.IsType<InvalidOperationException>(e.Fault));
        Assert.All(faulty, c => Assert.Equal(2, c.Writes)); // the failed write, then the generic 500
        // After every lane has had a failing graph, each still runs requests.
        var after = await Task.WhenAll(Enumerable.Range(0, RequestLanes.DefaultCount * 2).Select(_ => harness.RunAsync(Chat))).Within(10);
        Assert.All(after, r => Assert.Equal(200, r.Client.Status));
    }

    [Fact]
    public async Task ClientGoneBeforeItsAbortIsSignalled_IsADisconnect_NotAFault()
    {
        using var harness = Harness();
        var client = new ThrowingChannel(new ClientDisconnectedException());
        var exchange = new Exchange("req-gone", Encoding.UTF8.GetBytes(StreamingChat), client, 0, CancellationToken.None);

        await harness.Graph.RunAsync(exchange).Within();

        Assert.Null(exchange.Fault);
        Assert.Equal(Louter.Streams.Errors.UpstreamOutcome.ClientCancelled, exchange.Outcome);
        Assert.Equal(1, client.Writes); // nothing more was tried (no error body written into a closed connection)
    }

    /// <summary>Fails writes (a gone connection, or a bug), counting the attempts.</summary>
    private sealed class ThrowingChannel(Exception error, bool throwOnlyOnce = false) : IResponseChannel
    {
        public int Writes;
        public bool HasStarted => false;
        public void Start(int status, string contentType, IReadOnlyList<KeyValuePair<string, string>> headers) { }

        public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref Writes) > 1 && throwOnlyOnce) return ValueTask.CompletedTask;
            return error is ClientDisconnectedException ? ValueTask.FromException(error) : throw error;
        }
    }

    /// <summary>A client that does not complete its first write until released.</summary>
    private sealed class HeldChannel : IResponseChannel
    {
        private readonly TaskCompletionSource _firstWrite = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly StringBuilder _text = new();

        public Task FirstWrite => _firstWrite.Task;
        public string Text { get { lock (_text) return _text.ToString(); } }
        public bool HasStarted { get; private set; }
        public void Start(int status, string contentType, IReadOnlyList<KeyValuePair<string, string>> headers) { }
        public void Release() => _released.TrySetResult();

        public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
        {
            HasStarted = true;
            lock (_text) _text.Append(Encoding.UTF8.GetString(data.Span));
            _firstWrite.TrySetResult();
            return new ValueTask(_released.Task);
        }
    }
}
