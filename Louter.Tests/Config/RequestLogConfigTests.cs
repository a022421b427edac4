using Louter.Host.Config;
using Xunit;

namespace Louter.Tests.Config;

/// <summary>[logging] keys of the request log: capture, rotation, retention (a count or an age), queue capacity.</summary>
public sealed class RequestLogConfigTests
{
    [Fact]
    public void Parse_AllRequestLogKeys_AreBound()
    {
        var logging = ConfigTestSupport.ParseValid("""
            [logging]
            request_log = "./data/requests.jsonl"
            sample_rate = 0.25
            capture = "full"
            rotate_size = "10MiB"
            rotate_interval = "1d"
            retention = "7d"
            queue_capacity = 500
            """).Logging;

        Assert.Equal("./data/requests.jsonl", logging.RequestLog);
        Assert.Equal(0.25, logging.SampleRate);
        Assert.Equal(RequestLogCapture.Full, logging.Capture);
        Assert.Equal(10L * 1024 * 1024, logging.RotateSize);
        Assert.Equal(TimeSpan.FromDays(1), logging.RotateInterval);
        Assert.Equal(TimeSpan.FromDays(7), logging.RetainFor);
        Assert.Null(logging.RetainFiles);
        Assert.Equal(500, logging.QueueCapacity);
    }

    [Fact]
    public void Parse_Defaults_CaptureNothingRotateAt100MiBKeep10Files()
    {
        var logging = ConfigTestSupport.ParseValid("[logging]\nrequest_log = \"r.jsonl\"").Logging;

        Assert.Equal(RequestLogCapture.None, logging.Capture);
        Assert.Equal(100L * 1024 * 1024, logging.RotateSize);
        Assert.Null(logging.RotateInterval);
        Assert.Equal(10, logging.RetainFiles);
        Assert.Null(logging.RetainFor);
        Assert.Equal(10_000, logging.QueueCapacity);
    }

    [Fact]
    public void Parse_RetentionAsACount_KeepsThatManyFiles()
    {
        var logging = ConfigTestSupport.ParseValid("[logging]\nretention = 3").Logging;

        Assert.Equal(3, logging.RetainFiles);
        Assert.Null(logging.RetainFor);
    }

    [Theory]
    [InlineData("capture = \"everything\"", "logging.capture", "expected one of: none, metadata, full")]
    [InlineData("rotate_size = \"10\"", "logging.rotate_size", "needs a unit")]
    [InlineData("rotate_interval = \"0s\"", "logging.rotate_interval", "longer than zero")]
    [InlineData("retention = 0", "logging.retention", "must be between 1")]
    [InlineData("retention = \"forever\"", "logging.retention", "not a duration")]
    [InlineData("queue_capacity = 0", "logging.queue_capacity", "must be between 1")]
    [InlineData("rotate = \"1d\"", "logging.rotate", "unknown key")]
    public void Parse_BadRequestLogKeys_AreReportedWithTheirPath(string line, string path, string message)
    {
        var result = ConfigTestSupport.Parse("[logging]\n" + line);

        Assert.False(result.Ok);
        var error = Assert.Single(result.Errors);
        Assert.Contains(path, error.ToString(), StringComparison.Ordinal);
        Assert.Contains(message, error.ToString(), StringComparison.Ordinal);
    }
}
