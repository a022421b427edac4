using System.Text.Json;
using Louter.Host.Config;
using Louter.Host.Observability.RequestLog;
using Louter.Streams.Errors;
using Louter.Streams.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Louter.Tests.Observability;

/// <summary>The writer: never blocks a request, drops and counts when full, samples successes but never errors, drains on stop.</summary>
public sealed class RequestLogWriterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly string _path = Path.Combine(Directory.CreateTempSubdirectory("louter-reqlog-").FullName, "requests.jsonl");

    private RequestLogWriter Writer(LoggingConfig? config = null, Func<double>? random = null) =>
        new((config ?? new LoggingConfig()) with { RequestLog = _path }, new FakeTimeProvider(RequestLogTestData.Start), random ?? (() => 0.5), NullLogger<RequestLogWriter>.Instance);

    [Fact]
    public async Task TryEnqueue_QueueFull_DropsTheEntryAndCountsIt()
    {
        await using var writer = Writer(new LoggingConfig { QueueCapacity = 2 });
        var before = LouterMetrics.RequestLogDropped.Value;

        // Not started: nothing drains the queue, so the third entry finds it full.
        Assert.True(writer.TryEnqueue(RequestLogTestData.Entry("req_1")));
        Assert.True(writer.TryEnqueue(RequestLogTestData.Entry("req_2")));
        Assert.False(writer.TryEnqueue(RequestLogTestData.Entry("req_3")));

        Assert.True(LouterMetrics.RequestLogDropped.Value >= before + 1);
        await writer.StartAsync(Ct);
        await writer.StopAsync(Ct);
        Assert.Equal(["req_1", "req_2"], File.ReadAllLines(_path).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("request_id").GetString()));
    }

    [Fact]
    public async Task StopAsync_DrainsEverythingQueuedAndFlushes()
    {
        var writer = Writer();
        await writer.StartAsync(Ct);
        for (var i = 0; i < 500; i++) Assert.True(writer.TryEnqueue(RequestLogTestData.Entry($"req_{i}")));

        await writer.StopAsync(Ct);

        var lines = File.ReadAllLines(_path);
        Assert.Equal(500, lines.Length);
        Assert.Equal("req_499", JsonDocument.Parse(lines[^1]).RootElement.GetProperty("request_id").GetString());
        Assert.False(writer.TryEnqueue(RequestLogTestData.Entry("late")));
    }

    [Theory]
    [InlineData(0.5, 0.49, true)]
    [InlineData(0.5, 0.5, false)]
    [InlineData(0.0, 0.0, false)]
    [InlineData(1.0, 0.99, true)]
    public async Task ShouldLog_Successes_AreSampledAtSampleRate(double rate, double draw, bool kept)
    {
        await using var writer = Writer(new LoggingConfig { SampleRate = rate }, () => draw);

        Assert.Equal(kept, writer.ShouldLog(isError: false));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.01)]
    public async Task ShouldLog_Errors_AreAlwaysKept(double rate)
    {
        await using var writer = Writer(new LoggingConfig { SampleRate = rate }, () => 0.99);

        Assert.True(writer.ShouldLog(isError: true));
    }

    [Fact]
    public async Task ShouldLog_WithoutRequestLog_IsFalseAndNothingIsQueued()
    {
        await using var writer = new RequestLogWriter(new LoggingConfig(), TimeProvider.System, () => 0, NullLogger<RequestLogWriter>.Instance);

        Assert.False(writer.Enabled);
        Assert.False(writer.ShouldLog(isError: true));
        Assert.False(writer.TryEnqueue(RequestLogTestData.Entry()));
    }

    [Fact]
    public void Serialize_StreamedEntry_HasTimingsTokensAndDerivedItlAndTps()
    {
        var entry = RequestLogTestData.Entry() with
        {
            Stream = true,
            Outcome = UpstreamOutcome.Success,
            Attempts = 2,
            TtftMs = 100,
            E2eMs = 1100,
            InputTokens = 12,
            OutputTokens = 11,
            ClientAddress = System.Net.IPAddress.Loopback,
        };

        using var doc = JsonDocument.Parse(RequestLogTestData.Serialize(entry));
        var e = doc.RootElement;

        Assert.Equal("2025-03-01T12:00:00Z", e.GetProperty("timestamp").GetString());
        Assert.Equal("gpt-test", e.GetProperty("model").GetString());
        Assert.Equal("gpt-up", e.GetProperty("backend_model").GetString());
        Assert.Equal("success", e.GetProperty("outcome").GetString());
        Assert.Equal(1, e.GetProperty("retries").GetInt32());
        Assert.Equal(100, e.GetProperty("ttft_ms").GetDouble());
        Assert.Equal(100, e.GetProperty("itl_ms").GetDouble()); // (1100 − 100) / (11 − 1)
        Assert.Equal(11, e.GetProperty("tps").GetDouble()); // 11 / 1 s
        Assert.Equal("127.0.0.1", e.GetProperty("client_address").GetString());
        Assert.False(e.TryGetProperty("api_key_id", out _));
        Assert.False(e.TryGetProperty("error_type", out _));
    }

    [Fact]
    public void Serialize_Error_NamesItsType()
    {
        var entry = RequestLogTestData.Entry(status: 503) with { ErrorKind = GatewayErrorKind.Unavailable, Error = "no backend", Outcome = UpstreamOutcome.Overloaded };

        using var doc = JsonDocument.Parse(RequestLogTestData.Serialize(entry));

        Assert.Equal("unavailable", doc.RootElement.GetProperty("error_type").GetString());
        Assert.Equal("overloaded", doc.RootElement.GetProperty("outcome").GetString());
        Assert.False(doc.RootElement.TryGetProperty("itl_ms", out _));
    }
}
