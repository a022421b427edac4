using Louter.Streams.Metrics;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Louter.Tests.Streams.Metrics;

/// <summary>The per-request arithmetic behind TTFT, ITL, tokens per second and gateway overhead, on a fake clock.</summary>
public sealed class RequestTimingsTests
{
    private readonly FakeTimeProvider _time = new();

    private long Stamp() => _time.GetTimestamp();

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    [Fact]
    public void Of_Stream_DerivesTtftItlTokensPerSecondAndOverhead()
    {
        var start = Stamp();
        _time.Advance(TimeSpan.FromMilliseconds(500));
        var firstByte = Stamp();
        _time.Advance(TimeSpan.FromSeconds(2));
        var end = Stamp();

        // 2.5 s end to end, of which 2.3 s awaiting the upstream; 0.4 s from send to the backend's first event; 21 tokens.
        var t = RequestTimings.Of(start, firstByte, end, Ticks(TimeSpan.FromMilliseconds(2300)), Ticks(TimeSpan.FromMilliseconds(400)), 21, stream: true, _time.TimestampFrequency);

        Assert.Equal(2.5, t.Duration, 9);
        Assert.Equal(0.5, t.TimeToFirstToken!.Value, 9);
        Assert.Equal(0.4, t.BackendTimeToFirstToken!.Value, 9);
        Assert.Equal(0.1, t.InterTokenLatency!.Value, 9);        // 2 s / (21 − 1)
        Assert.Equal(10.5, t.OutputTokensPerSecond!.Value, 9);   // 21 / 2 s
        Assert.Equal(0.2, t.GatewayOverhead, 9);                 // 2.5 − 2.3
    }

    [Fact]
    public void Of_StreamWithOneOutputToken_HasTokensPerSecondButNoItl()
    {
        var start = Stamp();
        _time.Advance(TimeSpan.FromSeconds(1));
        var firstByte = Stamp();
        _time.Advance(TimeSpan.FromSeconds(1));

        var t = RequestTimings.Of(start, firstByte, Stamp(), 0, 0, 1, stream: true, _time.TimestampFrequency);

        Assert.Null(t.InterTokenLatency);
        Assert.Equal(1.0, t.OutputTokensPerSecond!.Value, 9);
        Assert.Null(t.BackendTimeToFirstToken);
        Assert.Equal(2.0, t.GatewayOverhead, 9); // nothing awaited upstream: all of it is Louter's
    }

    [Fact]
    public void Of_NonStream_HasTtftButNeitherItlNorTokensPerSecond()
    {
        var start = Stamp();
        _time.Advance(TimeSpan.FromSeconds(3));
        var firstByte = Stamp();
        _time.Advance(TimeSpan.FromMilliseconds(1));

        var t = RequestTimings.Of(start, firstByte, Stamp(), Ticks(TimeSpan.FromSeconds(2.999)), Ticks(TimeSpan.FromSeconds(2.99)), 50, stream: false, _time.TimestampFrequency);

        Assert.Equal(3.0, t.TimeToFirstToken!.Value, 9);
        Assert.Null(t.InterTokenLatency);
        Assert.Null(t.OutputTokensPerSecond);
        Assert.Equal(0.002, t.GatewayOverhead, 9);
    }

    [Fact]
    public void Of_NoContentWritten_HasNoTtftAndOverheadNeverBelowZero()
    {
        var start = Stamp();
        _time.Advance(TimeSpan.FromSeconds(1));

        // A wait measured slightly past the end (a read finishing after the graph) does not make the overhead negative.
        var t = RequestTimings.Of(start, 0, Stamp(), Ticks(TimeSpan.FromSeconds(1.5)), 0, 10, stream: true, _time.TimestampFrequency);

        Assert.Null(t.TimeToFirstToken);
        Assert.Null(t.InterTokenLatency);
        Assert.Null(t.OutputTokensPerSecond);
        Assert.Equal(0, t.GatewayOverhead);
    }

    [Theory]
    [InlineData(200, false, "2xx")]
    [InlineData(201, false, "2xx")]
    [InlineData(400, false, "4xx")]
    [InlineData(429, false, "4xx")]
    [InlineData(503, false, "5xx")]
    [InlineData(200, true, "cancelled")]
    [InlineData(499, true, "cancelled")]
    public void StatusClass_IsTheHundredsOrCancelled(int status, bool cancelled, string expected) =>
        Assert.Equal(expected, MetricLabels.StatusClass(status, cancelled));
}
