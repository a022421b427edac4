using System.Text;
using Louter.Streams.Sse;
using Louter.Tests.Support;
using Xunit;

namespace Louter.Tests.Streams.Sse;

public sealed class SseReaderTests
{
    /// <summary>How the bytes are cut into reads: the reader must give the same events whatever the cut.</summary>
    public static TheoryData<string> Chunkings => ["whole", "1 byte", "3 bytes", "random seed 1", "random seed 2", "random seed 3"];

    private static Func<int> Chunker(string name) => name switch
    {
        "whole" => () => int.MaxValue,
        "1 byte" => () => 1,
        "3 bytes" => () => 3,
        _ when name.StartsWith("random seed ", StringComparison.Ordinal) => RandomSizes(int.Parse(name["random seed ".Length..])),
        _ => throw new ArgumentException(name),
    };

    private static Func<int> RandomSizes(int seed)
    {
        var random = new Random(seed);
        return () => random.Next(1, 8);
    }

    private static async Task<List<(string? Event, string Data)>> ReadAllAsync(Stream stream, int maxEventBytes = 32 * 1024 * 1024)
    {
        var events = new List<(string?, string)>();
        await using var reader = new SseReader(stream, maxEventBytes);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken) is { } ev)
            events.Add((ev.Event, Encoding.UTF8.GetString(ev.Data)));
        return events;
    }

    private static Task<List<(string? Event, string Data)>> ReadAllAsync(string text, string chunking = "whole", int maxEventBytes = 32 * 1024 * 1024) =>
        ReadAllAsync(new ChunkedReadStream(Encoding.UTF8.GetBytes(text), Chunker(chunking)), maxEventBytes);

    [Theory]
    [MemberData(nameof(Chunkings))]
    public async Task Read_EventsSplitAcrossArbitraryReads_YieldsTheSameEvents(string chunking)
    {
        const string text =
            ": keep-alive\n\n" +
            "event: message_start\ndata: {\"a\":1}\n\n" +
            "data: first line\r\ndata: second line\r\n\r\n" +
            "data:no-space\rdata:  two spaces\r\r" +
            "id: 7\nretry: 1000\ndata: [DONE]\n\n";

        var events = await ReadAllAsync(text, chunking);

        Assert.Equal(
            [
                ("message_start", "{\"a\":1}"),
                (null, "first line\nsecond line"),
                (null, "no-space\n two spaces"),
                (null, "[DONE]"),
            ],
            events);
    }

    [Theory]
    [InlineData("LF", "data: a\ndata: b\n\ndata: c\n\n")]
    [InlineData("CRLF", "data: a\r\ndata: b\r\n\r\ndata: c\r\n\r\n")]
    [InlineData("CR", "data: a\rdata: b\r\rdata: c\r\r")]
    [InlineData("mixed", "data: a\r\ndata: b\r\ndata: c\n\n")]
    public async Task Read_AnyLineEnding_JoinsDataLinesAndDispatchesOnBlankLine(string ending, string text)
    {
        var events = await ReadAllAsync(text, "1 byte");

        var expected = ending == "mixed"
            ? new List<(string?, string)> { (null, "a\nb\nc") }
            : [(null, "a\nb"), (null, "c")];
        Assert.Equal(expected, events);
    }

    [Fact]
    public async Task Read_CrlfSplitAcrossTwoReads_IsOneLineEnding()
    {
        // If the CR at the end of a read were taken as a line end, the LF that starts the next read
        // would be a blank line and dispatch "a" on its own.
        var stream = ChunkedReadStream.OfSegments("data: a\r", "\ndata: b\r", "\n\r", "\n");

        var events = await ReadAllAsync(stream);

        Assert.Equal([(null, "a\nb")], events);
        Assert.Equal(4, stream.Reads);
    }

    [Fact]
    public async Task Read_LoneCrAtEndOfRead_IsALineEndWhenTheNextReadStartsWithText()
    {
        var stream = ChunkedReadStream.OfSegments("data: a\r", "data: b\r", "\r");

        var events = await ReadAllAsync(stream);

        Assert.Equal([(null, "a\nb")], events);
    }

    [Fact]
    public async Task Read_CommentsAndKeepAlives_AreIgnored()
    {
        var events = await ReadAllAsync(": ping\n\ndata: x\n: ping in the middle\ndata: y\n\n:\n\n: ping\n\n");

        Assert.Equal([(null, "x\ny")], events);
    }

    [Theory]
    [InlineData("data: value\n\n", "value")]
    [InlineData("data:value\n\n", "value")]
    [InlineData("data:  value\n\n", " value")]
    [InlineData("data\n\n", "")]
    [InlineData("data:\n\n", "")]
    public async Task Read_DataField_StripsExactlyOneLeadingSpace(string text, string expected)
    {
        var events = await ReadAllAsync(text);

        Assert.Equal([(null, expected)], events);
    }

    [Fact]
    public async Task Read_EventName_AppliesToItsEventOnly()
    {
        var events = await ReadAllAsync("event: ping\n\nevent: error\ndata: {}\n\ndata: plain\n\n");

        Assert.Equal([("error", "{}"), (null, "plain")], events);
    }

    [Theory]
    [MemberData(nameof(Chunkings))]
    public async Task Read_FinalEventWithoutTrailingBlankLine_IsDispatched(string chunking)
    {
        var events = await ReadAllAsync("data: one\n\ndata: two\n", chunking);

        Assert.Equal([(null, "one"), (null, "two")], events);
    }

    [Fact]
    public async Task Read_StreamCutMidLine_DiscardsThePartialLine()
    {
        // A connection that breaks in the middle of a line leaves half a JSON chunk: relaying it
        // would hand the client broken JSON, so only complete lines count.
        var events = await ReadAllAsync("data: {\"complete\":true}\n\ndata: {\"cut\":");

        Assert.Equal([(null, "{\"complete\":true}")], events);
    }

    [Fact]
    public async Task Read_EmptyStream_ReturnsNull()
    {
        await using var reader = new SseReader(new MemoryStream([]));

        Assert.Null(await reader.ReadAsync(TestContext.Current.CancellationToken));
        Assert.Null(await reader.ReadAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Read_OnlyCommentsAndBlankLines_ReturnsNull()
    {
        var events = await ReadAllAsync(": ping\n\n\n\r\n: pong\n");

        Assert.Empty(events);
    }

    [Fact]
    public async Task Read_EventLargerThanLimit_ThrowsInvalidDataException()
    {
        var text = "data: " + new string('x', 100) + "\n\n";

        await Assert.ThrowsAsync<InvalidDataException>(() => ReadAllAsync(text, maxEventBytes: 64));
    }

    [Fact]
    public async Task Read_ManyDataLinesAddingUpPastLimit_ThrowsInvalidDataException()
    {
        var text = string.Concat(Enumerable.Repeat("data: " + new string('x', 20) + "\n", 10)) + "\n";

        await Assert.ThrowsAsync<InvalidDataException>(() => ReadAllAsync(text, "3 bytes", maxEventBytes: 64));
    }

    [Fact]
    public async Task Read_EventAtExactlyTheLimit_IsAccepted()
    {
        var payload = new string('x', 64);

        var events = await ReadAllAsync("data: " + payload + "\n\n", "1 byte", maxEventBytes: 64);

        Assert.Equal([(null, payload)], events);
    }

    [Fact]
    public async Task Read_LineLongerThanLimitWithNoLineEnd_ThrowsInsteadOfBufferingIt()
    {
        // An upstream that never sends a line end must not make Louter buffer without bound.
        var text = "data: " + new string('x', 64 * 1024);

        await Assert.ThrowsAsync<InvalidDataException>(() => ReadAllAsync(text, "random seed 4", maxEventBytes: 1024));
    }

    [Theory]
    [MemberData(nameof(Chunkings))]
    public async Task Read_RecordedOpenAIStream_YieldsEveryChunkThenDone(string chunking)
    {
        var bytes = Fixtures.Bytes(Fixtures.OpenAIStreamingResponse);

        var events = await ReadAllAsync(new ChunkedReadStream(bytes, Chunker(chunking)));

        // Role chunk, eight content chunks ("1" "," " " "2" "," " " "3" "."), the finish chunk, [DONE].
        Assert.Equal(11, events.Count);
        Assert.All(events, e => Assert.Null(e.Event));
        Assert.Equal("[DONE]", events[^1].Data);

        var chunks = events[..^1].Select(e => System.Text.Json.JsonDocument.Parse(e.Data).RootElement).ToList();
        var text = string.Concat(chunks.Select(c => c.GetProperty("choices")[0].GetProperty("delta"))
            .Where(d => d.TryGetProperty("content", out _))
            .Select(d => d.GetProperty("content").GetString()));
        Assert.Equal("1, 2, 3.", text);
        Assert.Equal("assistant", chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        Assert.Equal("stop", chunks[^1].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task Read_RecordedOpenAIStream_LastEventIsDone()
    {
        await using var reader = new SseReader(new MemoryStream(Fixtures.Bytes(Fixtures.OpenAIStreamingResponse)));
        var events = new List<SseEvent>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken) is { } ev) events.Add(ev);

        Assert.True(events[^1].IsDone);
        Assert.All(events[..^1], e => Assert.False(e.IsDone));
    }

    [Fact]
    public async Task Read_CancelledToken_Throws()
    {
        await using var reader = new SseReader(new MemoryStream("data: x\n\n"u8.ToArray()));
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await reader.ReadAsync(cts.Token));
    }
    [Fact]
    public async Task TryReadBuffered_GivesTheEventsOfTheLastRead_WithoutReadingTheStream()
    {
        var stream = ChunkedReadStream.OfSegments("data: a\n\ndata: b\n\nevent: x\ndata: c\n\ndata: d", "\n\n");
        await using var reader = new SseReader(stream);

        var first = await reader.ReadAsync(TestContext.Current.CancellationToken);
        Assert.Equal("a", Encoding.UTF8.GetString(first!.Value.Data));
        Assert.True(reader.HasBufferedEvent);
        Assert.True(reader.TryReadBuffered(out var second));
        Assert.Equal("b", Encoding.UTF8.GetString(second.Data));
        Assert.True(reader.TryReadBuffered(out var third));
        Assert.Equal(("x", "c"), (third.Event, Encoding.UTF8.GetString(third.Data)));
        // "d" has no blank line after it yet: not whole, and the stream is not read for it.
        Assert.False(reader.HasBufferedEvent);
        Assert.False(reader.TryReadBuffered(out _));
        Assert.Equal(1, stream.Reads);

        var fourth = await reader.ReadAsync(TestContext.Current.CancellationToken);
        Assert.Equal("d", Encoding.UTF8.GetString(fourth!.Value.Data));
        Assert.Equal(2, stream.Reads);
    }

    [Fact]
    public async Task HasBufferedEvent_OnlyCommentsBehind_IsNotAnEventToTake()
    {
        await using var reader = new SseReader(ChunkedReadStream.OfSegments("data: a\n\n: ping\n\n", "data: b\n\n"));

        Assert.NotNull(await reader.ReadAsync(TestContext.Current.CancellationToken));
        // A blank line follows, so the reader cannot tell; taking from the buffer must not lose "b".
        Assert.False(reader.TryReadBuffered(out _));
        var next = await reader.ReadAsync(TestContext.Current.CancellationToken);
        Assert.Equal("b", Encoding.UTF8.GetString(next!.Value.Data));
    }

    [Theory]
    [InlineData(3000)]
    [InlineData(7)]
    public async Task Read_EventsLargerThanTheReadBuffer_AreReadWhole(int readSize)
    {
        var big = new string('x', 20_000);
        var text = "data: small\n\ndata: " + big + "\ndata: " + big + "\n\ndata: after\n\n";

        var events = await ReadAllAsync(new ChunkedReadStream(Encoding.UTF8.GetBytes(text), () => readSize));

        Assert.Equal([(null, "small"), (null, big + "\n" + big), (null, "after")], events);
    }

    [Fact]
    public async Task Read_EventNames_FollowEachEvent()
    {
        var events = await ReadAllAsync("event: a\ndata: 1\n\nevent: a\ndata: 2\n\nevent: b\ndata: 3\n\nevent: a\ndata: 4\n\ndata: 5\n\n", "3 bytes");

        Assert.Equal([("a", "1"), ("a", "2"), ("b", "3"), ("a", "4"), (null, "5")], events);
    }
}
