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
    private static async Task<(List<(string? Event, string Data)> Events, List<string> Runs)> LocateAllAsync(Stream stream, int limit = Limit)
    {
        var events = new List<(string?, string)>();
        var runs = new List<string>();
        await using var reader = new SseReader(stream, limit);
        while (await reader.LocateAsync(TestContext.Current.CancellationToken) is { } first)
        {
            var found = new List<SseEventSpan> { first };
            while (reader.TryLocateBuffered(out var next)) found.Add(next);
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
