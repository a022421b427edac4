using System.IO.Pipelines;
using System.Text;
using Louter.Streams.Sse;
using Louter.Tests.Support;
using Xunit;

namespace Louter.Tests.Streams.Sse;

/// <summary>
/// The reader's locate mode (a raw relay's): the same events as read mode, found in place, and runs
/// that are the upstream's own bytes.
/// </summary>
public sealed class SseReaderLocateTests
{
    private const int Limit = 32 * 1024 * 1024;

    public static TheoryData<string, string> TextsAndCuts()
    {
        string[] texts =
        [
            ": keep-alive\n\nevent: message_start\ndata: {\"a\":1}\n\ndata: first line\r\ndata: second line\r\n\r\n" +
                "data:no-space\rdata:  two spaces\r\rid: 7\nretry: 1000\ndata: [DONE]\n\n",
            "data: a\ndata: b\n\ndata: c\n\n",
            "data: a\r\ndata: b\r\n\r\ndata: c\r\n\r\n",
            "data: a\rdata: b\r\rdata: c\r\r",
            "data: a\r\ndata: b\r\ndata: c\n\n",
            ": ping\n\ndata: x\n: ping in the middle\ndata: y\n\n:\n\n: ping\n\n",
            "event: a\ndata: 1\n\nevent: a\ndata: 2\n\nevent: b\ndata: 3\n\n\n\nevent: a\ndata: 4\n\ndata: 5\n\n",
            "data: final without a blank line\n",
            "data: whole\n\ndata: cut mid-li",
            "data\n\ndata:\n\n",
            ": only\n\n: comments\n\n",
            "",
            Encoding.UTF8.GetString(Fixtures.Bytes(Fixtures.OpenAIStreamingResponse)),
        ];
        var data = new TheoryData<string, string>();
        for (var i = 0; i < texts.Length; i++)
        {
            foreach (var cut in new[] { "whole", "1 byte", "random" }) data.Add(texts[i], cut);
        }
        return data;
    }

    private static ChunkedReadStream Stream(string text, string cut)
    {
        var random = new Random(text.Length);
        Func<int> sizes = cut switch
        {
            "whole" => () => int.MaxValue,
            "1 byte" => () => 1,
            _ => () => random.Next(1, 9),
        };
        return new ChunkedReadStream(Encoding.UTF8.GetBytes(text), sizes);
    }

    /// <summary>Every run, located to its end as a relay does, with each event's name and data.</summary>
    /// <param name="readAhead">Also read on while the bytes read end inside an event, as the upstream call does.</param>
    private static async Task<(List<(string? Event, string Data)> Events, List<string> Runs)> LocateAllAsync(Stream stream, int limit = Limit, bool readAhead = false)
    {
        var events = new List<(string?, string)>();
        var runs = new List<string>();
        await using var reader = new SseReader(stream, limit);
        while (await reader.LocateAsync(TestContext.Current.CancellationToken) is { } first)
        {
            var found = new List<SseEventSpan> { first };
            while (true)
            {
                if (reader.TryLocateBuffered(out var next)) found.Add(next);
                else if (!readAhead || !reader.TryReadAhead(TestContext.Current.CancellationToken)) break;
            }
            var run = reader.Run.ToArray();
            Assert.Equal(run.Length, found[^1].End);
            events.AddRange(found.Select(e => (e.Event, Encoding.UTF8.GetString(e.Data(run)))));
            runs.Add(Encoding.UTF8.GetString(run));
        }
        return (events, runs);
    }

    private static async Task<List<(string? Event, string Data)>> ReadAllAsync(Stream stream)
    {
        var events = new List<(string?, string)>();
        await using var reader = new SseReader(stream);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken) is { } ev)
            events.Add((ev.Event, Encoding.UTF8.GetString(ev.Data)));
        return events;
    }

    [Theory]
    [MemberData(nameof(TextsAndCuts))]
    public async Task Locate_FindsTheSameEventsAsRead(string text, string cut)
    {
        var (located, _) = await LocateAllAsync(Stream(text, cut));

        Assert.Equal(await ReadAllAsync(Stream(text, "whole")), located);
    }

    [Theory]
    [MemberData(nameof(TextsAndCuts))]
    public async Task Locate_RunsReadAsAStreamAgain_GiveTheSameEvents(string text, string cut)
    {
        // What a relay writes is a valid stream of the same events.
        var (_, runs) = await LocateAllAsync(Stream(text, cut));

        Assert.Equal(await ReadAllAsync(Stream(text, "whole")), await ReadAllAsync(Stream(string.Concat(runs), "whole")));
    }

    [Theory]
    [InlineData("whole")]
    [InlineData("1 byte")]
    [InlineData("random")]
    public async Task Locate_WellFormedStream_RunsAreTheUpstreamBytesExactly(string cut)
    {
        var text = "event: a\r\ndata: {\"x\":1}\r\n\r\ndata: {\"y\":2}\n: keep-alive inside an event\ndata: more\n\nid: 3\ndata: [DONE]\n\n";

        var (_, runs) = await LocateAllAsync(Stream(text, cut));

        Assert.Equal(text, string.Concat(runs));
    }

    [Theory]
    [MemberData(nameof(TextsAndCuts))]
    public async Task ReadAhead_FindsTheSameEvents_AndRunsThatReadAsTheSameStream(string text, string cut)
    {
        var (located, runs) = await LocateAllAsync(Stream(text, cut), readAhead: true);

        var expected = await ReadAllAsync(Stream(text, "whole"));
        Assert.Equal(expected, located);
        Assert.Equal(expected, await ReadAllAsync(Stream(string.Concat(runs), "whole")));
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(4096)]
    [InlineData(333)]
    public async Task ReadAhead_BurstLargerThanTheBuffer_IsOneRunOfTheUpstreamBytes(int readSize)
    {
        // 50 chunks of ~230 bytes arrive at once (an unpaced upstream): each read takes a piece, and
        // what is already there joins the run instead of being a run (and a client write) per read.
        // (A read that happens to end between two events ends the run: read sizes here never do.)
        var text = string.Concat(Enumerable.Range(0, 50).Select(i => $"data: {{\"id\":\"chatcmpl-1\",\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"w{i} {new string('x', 150)}\"}}}}]}}\n\n")) + "data: [DONE]\n\n";
        var stream = new ChunkedReadStream(Encoding.UTF8.GetBytes(text), () => readSize);

        var (events, runs) = await LocateAllAsync(stream, readAhead: true);

        Assert.Equal(51, events.Count);
        Assert.Equal([text], runs);
        var (_, withoutReadAhead) = await LocateAllAsync(new ChunkedReadStream(Encoding.UTF8.GetBytes(text), () => readSize));
        Assert.True(withoutReadAhead.Count > 1);
    }

    [Fact]
    public async Task ReadAhead_RunStartingMidBuffer_IsMovedAndTakesTheBurstWhole()
    {
        // 2,000 bytes of earlier events end exactly between events (a run of their own, no read-ahead),
        // and the next read lands after them in the 4 KB buffer; the burst's run starts there, so
        // reading ahead has to move it to the buffer's start (or grow it) to find room.
        var earlier = string.Concat(Enumerable.Range(0, 8).Select(i => $"data: {i:D2}{new string('e', 240)}\n\n"));
        var burst = string.Concat(Enumerable.Range(0, 50).Select(i => $"data: {i:D2}{new string('b', 220)}\n\n"));
        Assert.Equal(2_000, earlier.Length);
        var reads = 0;
        var stream = new ChunkedReadStream(Encoding.UTF8.GetBytes(earlier + burst), () => reads++ == 0 ? 2_000 : 1_000);

        var (events, runs) = await LocateAllAsync(stream, readAhead: true);

        Assert.Equal(58, events.Count);
        Assert.Equal([earlier, burst], runs);
    }

    [Fact]
    public async Task ReadAhead_AtTheLargestBuffer_StopsAndTheNextRunTakesTheRest()
    {
        var text = string.Concat(Enumerable.Range(0, 400).Select(i => $"data: {i:D4} {new string('y', 500)}\n\n"));
        var (events, runs) = await LocateAllAsync(new ChunkedReadStream(Encoding.UTF8.GetBytes(text), () => 4096), readAhead: true);

        Assert.Equal(400, events.Count);
        Assert.Equal(text, string.Concat(runs));
        Assert.True(runs.Count > 1);
        Assert.All(runs, run => Assert.True(run.Length <= 64 * 1024, $"a run of {run.Length} bytes"));
    }

    /// <summary>A reader over a pipe that has sent one event and half of the next: the first is located, and a read-ahead is left in flight.</summary>
    private static async Task<(Pipe Pipe, SseReader Reader)> ReadAheadInFlightAsync(CancellationToken token)
    {
        var pipe = new Pipe();
        var reader = new SseReader(pipe.Reader.AsStream());
        await pipe.Writer.WriteAsync("data: a\n\ndata: b"u8.ToArray(), token);

        var first = (await reader.LocateAsync(token))!.Value;
        Assert.Equal("a", Encoding.UTF8.GetString(first.Data(reader.Run.Span)));
        Assert.False(reader.TryLocateBuffered(out _));
        Assert.False(reader.TryReadAhead(token)); // nothing more has arrived: the read is left in flight
        return (pipe, reader);
    }

    [Fact]
    public async Task ReadAhead_ThatWouldWait_IsLeftInFlight_AndTheNextLocateTakesItsBytes()
    {
        var token = TestContext.Current.CancellationToken;
        var (pipe, reader) = await ReadAheadInFlightAsync(token);
        await using var owned = reader;
        Assert.Equal("data: a\n\n", Encoding.UTF8.GetString(reader.Run.Span));
        Assert.False(reader.TryReadAhead(token)); // one read in flight at most

        var next = reader.LocateAsync(token);
        await pipe.Writer.WriteAsync("\n\ndata: c\n\n"u8.ToArray(), token);
        var second = (await next)!.Value;
        Assert.Equal("b", Encoding.UTF8.GetString(second.Data(reader.Run.Span)));
        Assert.True(reader.TryLocateBuffered(out var third));
        Assert.Equal("c", Encoding.UTF8.GetString(third.Data(reader.Run.Span)));
        Assert.Equal("data: b\n\ndata: c\n\n", Encoding.UTF8.GetString(reader.Run.Span));

        await pipe.Writer.CompleteAsync();
        Assert.False(reader.TryLocateBuffered(out _));
        Assert.False(reader.TryReadAhead(token)); // the bytes read end between events: nothing to read ahead for
        Assert.Null(await reader.LocateAsync(token));
    }

    [Fact]
    public async Task ReadAhead_ThatFails_FailsTheNextLocate()
    {
        var token = TestContext.Current.CancellationToken;
        var (pipe, reader) = await ReadAheadInFlightAsync(token);
        await using var owned = reader;

        await pipe.Writer.CompleteAsync(new IOException("connection reset"));

        var error = await Assert.ThrowsAsync<IOException>(async () => await reader.LocateAsync(token));
        Assert.Equal("connection reset", error.Message);
    }

    [Fact]
    public async Task Locate_OneLineEvent_DataIsASliceOfTheRun()
    {
        await using var reader = new SseReader(new MemoryStream("event: e\ndata: {\"a\":1}\n\n"u8.ToArray()));

        var ev = (await reader.LocateAsync(TestContext.Current.CancellationToken))!.Value;

        Assert.Null(ev.JoinedData);
        Assert.Equal("{\"a\":1}", Encoding.UTF8.GetString(reader.Run.Span.Slice(ev.DataStart, ev.DataLength)));
        Assert.Equal("e", ev.Event);
    }

    [Fact]
    public async Task Locate_KeepAliveBeforeARun_IsNotRelayed()
    {
        var (_, runs) = await LocateAllAsync(ChunkedReadStream.OfSegments("data: a\n\n", ": ping\n\n", ": ping\n\ndata: b\n\n"));

        Assert.Equal(["data: a\n\n", "data: b\n\n"], runs);
    }

    [Fact]
    public async Task Locate_FinalEventWithoutBlankLine_ItsRunEndsWithOne()
    {
        var (events, runs) = await LocateAllAsync(new MemoryStream("data: a\n\ndata: last\ndata: cut"u8.ToArray()));

        Assert.Equal([(null, "a"), (null, "last")], events);
        Assert.Equal(["data: a\n\n", "data: last\n\r\n"], runs);
    }

    [Fact]
    public async Task TryLocateBuffered_TakesWhatTheLastReadHeld_WithoutReadingTheStream()
    {
        var stream = ChunkedReadStream.OfSegments("data: a\n\ndata: b\n\nevent: x\ndata: c\n\ndata: d", "\n\n");
        await using var reader = new SseReader(stream);

        Assert.NotNull(await reader.LocateAsync(TestContext.Current.CancellationToken));
        Assert.True(reader.TryLocateBuffered(out _));
        Assert.True(reader.TryLocateBuffered(out var third));
        Assert.Equal("x", third.Event);
        Assert.False(reader.HasBufferedEvent);
        Assert.False(reader.TryLocateBuffered(out _));
        Assert.Equal(1, stream.Reads);
        Assert.Equal("data: a\n\ndata: b\n\nevent: x\ndata: c\n\n", Encoding.UTF8.GetString(reader.Run.Span));

        var fourth = (await reader.LocateAsync(TestContext.Current.CancellationToken))!.Value;
        Assert.Equal("d", Encoding.UTF8.GetString(fourth.Data(reader.Run.Span)));
        Assert.Equal("data: d\n\n", Encoding.UTF8.GetString(reader.Run.Span));
        Assert.Equal(2, stream.Reads);
    }

    [Theory]
    [InlineData(3000)]
    [InlineData(7)]
    public async Task Locate_EventsLargerThanTheReadBuffer_AreFoundWhole(int readSize)
    {
        var big = new string('x', 20_000);
        var text = "data: small\n\ndata: " + big + "\ndata: " + big + "\n\ndata: after\n\n";

        var (events, runs) = await LocateAllAsync(new ChunkedReadStream(Encoding.UTF8.GetBytes(text), () => readSize));

        Assert.Equal([(null, "small"), (null, big + "\n" + big), (null, "after")], events);
        Assert.Equal(text, string.Concat(runs));
    }

    [Theory]
    [InlineData("data: " + "0123456789012345678901234567890123456789\n\n")]
    [InlineData("data: 0123456789012345678901234\ndata: 0123456789\n\n")]
    [InlineData("data: 0123456789012345678901234567890123456789012345678901234567890123456789")]
    public async Task Locate_EventOverTheLimit_Throws(string text)
    {
        await Assert.ThrowsAsync<InvalidDataException>(() => LocateAllAsync(Stream(text, "random"), limit: 32));
    }
}
