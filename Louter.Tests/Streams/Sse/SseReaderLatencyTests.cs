using System.IO.Pipelines;
using System.Text;
using Louter.Streams.Sse;
using Louter.Tests.Support;
using Xunit;

namespace Louter.Tests.Streams.Sse;

/// <summary>Events must come out as soon as their bytes are in, never held back until more bytes arrive.</summary>
public sealed class SseReaderLatencyTests
{
    [Fact]
    public async Task Read_TwoEventsInOneRead_ReturnsTheSecondWithoutWaitingForMoreBytes()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes("data: one\n\ndata: two\n\n"), TestContext.Current.CancellationToken);
        // The writer stays open: a reader that waits for more bytes would wait forever.
        await using var reader = new SseReader(pipe.Reader.AsStream());

        var first = await reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().Within(10);
        var second = await reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().Within(10);

        Assert.Equal("one", Encoding.UTF8.GetString(first!.Value.Data));
        Assert.Equal("two", Encoding.UTF8.GetString(second!.Value.Data));
        await pipe.Writer.CompleteAsync();
    }

    [Fact]
    public async Task Read_EventThenPartialLine_ReturnsTheEventAndWaitsForTheRest()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes("data: one\n\ndata: tw"), TestContext.Current.CancellationToken);
        await using var reader = new SseReader(pipe.Reader.AsStream());

        var first = await reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().Within(10);
        var pending = reader.ReadAsync(TestContext.Current.CancellationToken).AsTask();
        Assert.False(pending.IsCompleted);
        await pipe.Writer.WriteAsync(Encoding.UTF8.GetBytes("o\n\n"), TestContext.Current.CancellationToken);
        var second = await pending.Within(10);

        Assert.Equal("one", Encoding.UTF8.GetString(first!.Value.Data));
        Assert.Equal("two", Encoding.UTF8.GetString(second!.Value.Data));
        await pipe.Writer.CompleteAsync();
    }
}
