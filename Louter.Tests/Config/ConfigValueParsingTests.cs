using Louter.Host.Config;
using Xunit;

namespace Louter.Tests.Config;

public sealed class ConfigValueParsingTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("30s", 30_000)]
    [InlineData("5m", 300_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("2h15m", 8_100_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("30d", 2_592_000_000)]
    [InlineData("0s", 0)]
    [InlineData("1d12h", 129_600_000)]
    public void Duration_WithUnits_Parses(string text, long milliseconds)
    {
        Assert.True(DurationParser.TryParse(text, out var value, out var error), error);
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Theory]
    [InlineData("30", "write e.g. \"30s\"")]
    [InlineData("", "must not be empty")]
    [InlineData("30x", "unknown unit \"x\"")]
    [InlineData("1m30", "missing a unit")]
    [InlineData("s", "is not a duration")]
    [InlineData("-5s", "is not a duration")]
    [InlineData("9999h", "longer than the largest duration")]
    public void Duration_Malformed_ExplainsWhatToWrite(string text, string message)
    {
        Assert.False(DurationParser.TryParse(text, out _, out var error));
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(90_000, "1m30s")]
    [InlineData(500, "500ms")]
    [InlineData(7_200_000, "2h")]
    public void Duration_Format_WritesTheFileNotation(long milliseconds, string text)
    {
        Assert.Equal(text, DurationParser.Format(TimeSpan.FromMilliseconds(milliseconds)));
    }

    [Theory]
    [InlineData("127.0.0.1:8080")]
    [InlineData("0.0.0.0:0")]
    [InlineData("localhost:65535")]
    [InlineData("[::1]:8080")]
    public void Listen_HostAndPort_IsValid(string listen)
    {
        Assert.Null(ListenAddress.Validate(listen));
    }

    [Theory]
    [InlineData("127.0.0.1", "has no port")]
    [InlineData("127.0.0.1:", "has no port")]
    [InlineData(":8080", "has no host")]
    [InlineData("::1:8080", "in brackets")]
    [InlineData("host:http", "from 1 to 65535")]
    [InlineData("host:65536", "from 1 to 65535")]
    public void Listen_Malformed_SaysWhy(string listen, string message)
    {
        Assert.Contains(message, ListenAddress.Validate(listen), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1GiB", 1L << 30)]
    [InlineData("1 KB", 1_000L)]
    [InlineData("100b", 100L)]
    public void ByteSize_WithUnits_Parses(string text, long bytes)
    {
        Assert.True(ByteSizeParser.TryParse(text, out var value, out var error), error);
        Assert.Equal(bytes, value);
    }

    [Theory]
    [InlineData("tiemout", "timeout")]
    [InlineData("backend", "backends")]
    [InlineData("max_token_field", "max_tokens_field")]
    [InlineData("zzz", null)]
    public void DidYouMean_SuggestsTheClosestKnownName(string input, string? expected)
    {
        string[] known = ["timeout", "idle_timeout", "backends", "max_tokens_field", "url"];

        Assert.Equal(expected, DidYouMean.Closest(input, known));
    }
}
