using System.Text;
using Louter.Streams.Pipeline;
using Louter.Streams.Protocols.Anthropic;
using Louter.Streams.Routing;
using Louter.Tests.Support;
using Xunit;

namespace Louter.Tests.Streams.Pipeline;

/// <summary>
/// The sink flushes once per burst, not once per event: events that arrived from the upstream in
/// one read are written unflushed and flushed together; an event followed by a wait on the upstream
/// is flushed before that wait, so a paced stream still reaches the client event by event.
/// </summary>
public sealed class FlushTests(ActorSystemFixture akka) : IClassFixture<ActorSystemFixture>
{
    private const string StreamRequest = """{"model":"m","stream":true,"messages":[{"role":"user","content":"x"}]}""";
    private const string AnthropicStreamRequest = """{"model":"m","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"x"}]}""";

    private static readonly BackendDescriptor Upstream = new()
    {
        Name = "upstream",
        Protocol = BackendProtocol.OpenAI,
        BaseUrl = new Uri("http://upstream.test/v1"),
    };

    private static string Chunk(string text) =>
        $"data: {{\"id\":\"c\",\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"{text}\"}},\"finish_reason\":null}}]}}\n\n";

    [Fact]
    public async Task Burst_InOneRead_CrossesTheGraphAsOneFrame_WrittenAndFlushedOnce()
    {
        var body = new ScriptedStream();
        body.Send(string.Concat(Enumerable.Range(1, 20).Select(i => Chunk($"w{i} "))) + "data: [DONE]\n\n");
        body.End();
        using var harness = new GraphHarness(akka.Materializer, TimeProvider.System, StubHttpHandler.Answering(_ => StubHttpHandler.EventStream(body)), Upstream);
        var client = new FlushRecordingChannel();

        await harness.Graph.RunAsync(new Exchange("req-burst", Encoding.UTF8.GetBytes(StreamRequest), client, 0, CancellationToken.None)).Within();

        // Every event, in order, but as one batch: what arrived in one read is one write and one flush.
        var expected = string.Concat(Enumerable.Range(1, 20).Select(i => Chunk($"w{i} "))) + "data: [DONE]\n\n";
        Assert.Equal(expected, client.Text);
        Assert.Equal(1, client.Writes);
        Assert.Equal(1, client.Flushes);
        Assert.Equal(0, client.UnflushedBytes);
    }

    [Fact]
    public async Task PacedEvents_EachIsFlushedBeforeLouterWaitsForTheNext()
    {
        var body = new ScriptedStream();
        using var harness = new GraphHarness(akka.Materializer, TimeProvider.System, StubHttpHandler.Answering(_ => StubHttpHandler.EventStream(body)), Upstream);
        var client = new FlushRecordingChannel();
        var run = harness.Graph.RunAsync(new Exchange("req-paced", Encoding.UTF8.GetBytes(StreamRequest), client, 0, CancellationToken.None));

        for (var i = 1; i <= 5; i++)
        {
            body.Send(Chunk($"p{i} "));
            // The upstream sends nothing more until the client has this event: a held-back write would hang here.
            await client.WhenFlushedContains($"p{i} ").Within(10);
        }
        body.Send("data: [DONE]\n\n");
        body.End();
        await run.Within();

        Assert.Equal(0, client.UnflushedBytes);
        Assert.EndsWith("data: [DONE]\n\n", client.FlushedText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Event_FollowedInTheSameReadByOnlyAKeepAlive_IsFlushedBeforeLouterWaits()
    {
        // The comment's blank line looks like another event behind this one; it is not, so the
        // event must not be held back for a next one that the upstream has not sent yet.
        var body = new ScriptedStream();
        using var harness = new GraphHarness(akka.Materializer, TimeProvider.System, StubHttpHandler.Answering(_ => StubHttpHandler.EventStream(body)), Upstream);
        var client = new FlushRecordingChannel();
        var run = harness.Graph.RunAsync(new Exchange("req-keepalive", Encoding.UTF8.GetBytes(StreamRequest), client, 0, CancellationToken.None));

        body.Send(Chunk("k0 ")); // the first write always goes out at once: start the response
        await client.WhenFlushedContains("k0 ").Within(10);
        body.Send(Chunk("k1 ") + ": keep-alive\n\n");
        await client.WhenFlushedContains("k1 ").Within(10);
        body.Send(Chunk("k2 ") + "data: [DONE]\n\n");
        body.End();
        await run.Within();

        Assert.Equal(Chunk("k0 ") + Chunk("k1 ") + Chunk("k2 ") + "data: [DONE]\n\n", client.FlushedText);
    }

    [Fact]
    public async Task DroppedEvent_LastOfALaterBurst_StillFlushesWhatCameBefore()
    {
        // As below, once the response has started (its first write is flushed whatever it says).
        var body = new ScriptedStream();
        using var harness = new GraphHarness(akka.Materializer, TimeProvider.System, StubHttpHandler.Answering(_ => StubHttpHandler.EventStream(body)), Upstream);
        var client = new FlushRecordingChannel();
        var run = harness.Graph.RunAsync(new Exchange("req-drop-later", Encoding.UTF8.GetBytes(StreamRequest), client, 0, CancellationToken.None));

        body.Send(Chunk("first "));
        await client.WhenFlushedContains("first ").Within(10);
        body.Send(Chunk("second ") + """data: {"id":"c","choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}}""" + "\n\n" + Chunk("third "));
        await client.WhenFlushedContains("third ").Within(10);
        body.Send(Chunk("fourth ") + """data: {"id":"c","choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}}""" + "\n\n");
        await client.WhenFlushedContains("fourth ").Within(10);
        body.Send("data: [DONE]\n\n");
        body.End();
        await run.Within();

        Assert.Equal(Chunk("first ") + Chunk("second ") + Chunk("third ") + Chunk("fourth ") + "data: [DONE]\n\n", client.FlushedText);
    }

    [Fact]
    public async Task DroppedFrame_LastOfABurst_StillFlushesWhatCameBefore()
    {
        // The usage-only chunk Louter asked for is dropped (the client did not ask for usage): it must
        // not take the flush of the content before it with it while the upstream waits.
        var body = new ScriptedStream();
        using var harness = new GraphHarness(akka.Materializer, TimeProvider.System, StubHttpHandler.Answering(_ => StubHttpHandler.EventStream(body)), Upstream);
        var client = new FlushRecordingChannel();
        var run = harness.Graph.RunAsync(new Exchange("req-drop", Encoding.UTF8.GetBytes(StreamRequest), client, 0, CancellationToken.None));

        body.Send(Chunk("first ") + Chunk("second ") + """data: {"id":"c","choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}}""" + "\n\n");
        await client.WhenFlushedContains("second ").Within(10);
        body.Send("data: [DONE]\n\n");
        body.End();
        await run.Within();

        Assert.DoesNotContain("usage", client.FlushedText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TranslatedStream_PacedEvents_AreFlushedOneByOne()
    {
        var body = new ScriptedStream();
        using var harness = new GraphHarness(AnthropicFrontend.Instance, akka.Materializer, TimeProvider.System, StubHttpHandler.Answering(_ => StubHttpHandler.EventStream(body)), Upstream);
        var client = new FlushRecordingChannel();
        var run = harness.Graph.RunAsync(new Exchange("req-anth", Encoding.UTF8.GetBytes(AnthropicStreamRequest), client, 0, CancellationToken.None));

        for (var i = 1; i <= 3; i++)
        {
            body.Send(Chunk($"a{i} "));
            await client.WhenFlushedContains($"a{i} ").Within(10);
        }
        body.Send("data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
        body.End();
        await run.Within();

        Assert.Contains("message_stop", client.FlushedText, StringComparison.Ordinal);
        Assert.Equal(0, client.UnflushedBytes);
    }

    [Fact]
    public async Task TranslatedBurst_InOneRead_IsOneWrite_AndTheSameBytesAsEventByEvent()
    {
        var events = Enumerable.Range(1, 20).Select(i => Chunk($"w{i} ")).ToList();
        events.Add("data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
        events.Add("data: [DONE]\n\n");

        // All at once: one upstream read, translated onto one batch.
        var burst = new ScriptedStream();
        burst.Send(string.Concat(events));
        burst.End();
        using var harness = new GraphHarness(AnthropicFrontend.Instance, akka.Materializer, TimeProvider.System, StubHttpHandler.Answering(_ => StubHttpHandler.EventStream(burst)), Upstream);
        var batched = new FlushRecordingChannel();
        await harness.Graph.RunAsync(new Exchange("req-anth-burst", Encoding.UTF8.GetBytes(AnthropicStreamRequest), batched, 0, CancellationToken.None)).Within();

        // One event per read: each translated on its own.
        var paced = new ScriptedStream();
        using var pacedHarness = new GraphHarness(AnthropicFrontend.Instance, akka.Materializer, TimeProvider.System, StubHttpHandler.Answering(_ => StubHttpHandler.EventStream(paced)), Upstream);
        var single = new FlushRecordingChannel();
        var run = pacedHarness.Graph.RunAsync(new Exchange("req-anth-burst", Encoding.UTF8.GetBytes(AnthropicStreamRequest), single, 0, CancellationToken.None));
        for (var i = 0; i < 20; i++)
        {
            paced.Send(events[i]);
            await single.WhenFlushedContains($"w{i + 1} ").Within(10);
        }
        paced.Send(events[20] + events[21]);
        paced.End();
        await run.Within();

        Assert.True(batched.Writes <= 2, $"a burst should be written at once, was {batched.Writes} writes");
        Assert.True(single.Writes > 20);
        Assert.Equal(Ids(single.Text), Ids(batched.Text));
        Assert.Contains("message_stop", batched.Text, StringComparison.Ordinal);

        // The message id is generated per answer; everything else is the same bytes.
        static string Ids(string text) => System.Text.RegularExpressions.Regex.Replace(text, "\"id\":\"[^\"]+\"", "\"id\":\"*\"");
    }

    [Fact]
    public async Task TranslatedStream_EventsSplitAcrossReads_TranslateAsIfEachCameWhole()
    {
        // Events are decoded in place from the reader's buffer: one cut mid-line, mid-event or
        // between CR and LF, and one with two data lines, must read as the whole events would.
        var events = Enumerable.Range(1, 12).Select(i => Chunk($"w{i} ")).ToList();
        events.Insert(6, "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\r\ndata: \"delta\":{\"content\":\"two lines \"},\"finish_reason\":null}]}\r\n\r\n");
        events.Add("data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
        events.Add("data: [DONE]\n\n");
        var whole = string.Concat(events);

        var oneRead = new ScriptedStream();
        oneRead.Send(whole);
        oneRead.End();
        using var harness = new GraphHarness(AnthropicFrontend.Instance, akka.Materializer, TimeProvider.System, StubHttpHandler.Answering(_ => StubHttpHandler.EventStream(oneRead)), Upstream);
        var batched = new FlushRecordingChannel();
        await harness.Graph.RunAsync(new Exchange("req-whole", Encoding.UTF8.GetBytes(AnthropicStreamRequest), batched, 0, CancellationToken.None)).Within();

        var pieces = new ScriptedStream();
        for (var at = 0; at < whole.Length; at += 7) pieces.Send(whole.Substring(at, Math.Min(7, whole.Length - at)));
        pieces.End();
        using var piecesHarness = new GraphHarness(AnthropicFrontend.Instance, akka.Materializer, TimeProvider.System, StubHttpHandler.Answering(_ => StubHttpHandler.EventStream(pieces)), Upstream);
        var split = new FlushRecordingChannel();
        await piecesHarness.Graph.RunAsync(new Exchange("req-split", Encoding.UTF8.GetBytes(AnthropicStreamRequest), split, 0, CancellationToken.None)).Within();

        Assert.Contains("\"text\":\"two lines \"", batched.Text, StringComparison.Ordinal);
        Assert.Contains("\"text\":\"w12 \"", batched.Text, StringComparison.Ordinal);
        Assert.Contains("message_stop", batched.Text, StringComparison.Ordinal);
        Assert.Equal(Ids(batched.Text), Ids(split.Text));

        static string Ids(string text) => System.Text.RegularExpressions.Regex.Replace(text, "\"id\":\"[^\"]+\"", "\"id\":\"*\"");
    }

    /// <summary>Records what was written and what was flushed; a write that is not flushed stays pending until a flush.</summary>
    private sealed class FlushRecordingChannel : IResponseChannel
    {
        private readonly Lock _lock = new();
        private readonly StringBuilder _all = new();
        private readonly StringBuilder _flushed = new();
        private readonly List<(string Needle, TaskCompletionSource Done)> _waiters = [];
        private int _pending;

        public bool HasStarted { get; private set; }
        public int Writes { get; private set; }
        public int Flushes { get; private set; }
        public int UnflushedBytes { get { lock (_lock) return _all.Length - _flushed.Length; } }
        public string Text { get { lock (_lock) return _all.ToString(); } }
        public string FlushedText { get { lock (_lock) return _flushed.ToString(); } }

        public void Start(int status, string contentType, IReadOnlyList<KeyValuePair<string, string>> headers) { }

        public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) => WriteAsync(data, flush: true, cancellationToken);

        public ValueTask WriteAsync(ReadOnlyMemory<byte> data, bool flush, CancellationToken cancellationToken)
        {
            lock (_lock)
            {
                Writes++;
                _all.Append(Encoding.UTF8.GetString(data.Span));
                _pending += data.Length;
            }
            if (flush || !HasStarted) Flush();
            HasStarted = true;
            return ValueTask.CompletedTask;
        }

        public ValueTask FlushAsync(CancellationToken cancellationToken)
        {
            Flush();
            return ValueTask.CompletedTask;
        }

        public Task WhenFlushedContains(string needle)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_lock)
            {
                if (_flushed.ToString().Contains(needle, StringComparison.Ordinal)) done.TrySetResult();
                else _waiters.Add((needle, done));
            }
            return done.Task;
        }

        private void Flush()
        {
            lock (_lock)
            {
                if (_pending == 0) return;
                Flushes++;
                _pending = 0;
                _flushed.Clear().Append(_all);
                var text = _flushed.ToString();
                foreach (var waiter in _waiters.Where(w => text.Contains(w.Needle, StringComparison.Ordinal)).ToList())
                {
                    waiter.Done.TrySetResult();
                    _waiters.Remove(waiter);
                }
            }
        }
    }
}
