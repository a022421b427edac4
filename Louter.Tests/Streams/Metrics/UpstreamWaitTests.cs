using Louter.Streams.Metrics;
using Louter.Streams.Routing;
using Louter.Tests.Streams.Pipeline;
using Louter.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Louter.Tests.Streams.Metrics;

/// <summary>
/// What the request graph measures for the metrics, on a fake clock: the time awaiting the upstream
/// (which the gateway overhead leaves out), the backend's TTFT, the model label and the chunk gaps.
/// </summary>
public sealed class UpstreamWaitTests(ActorSystemFixture akka) : IClassFixture<ActorSystemFixture>
{
    private static readonly BackendDescriptor Upstream = new()
    {
        Name = "metrics-graph-upstream",
        Protocol = BackendProtocol.OpenAI,
        BaseUrl = new Uri("http://upstream.test/v1"),
        ModelMapping = new Dictionary<string, string> { ["metrics-graph-model"] = "m" },
    };

    private const string Chunk = """{"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}""";
    private const string Finish = """{"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""";

    [Fact]
    public async Task Stream_WaitsOnTheUpstreamAreSummed_TheFirstEventIsTheBackendTtft_AndEachGapIsObserved()
    {
        var time = new FakeTimeProvider();
        var body = new ScriptedStream();
        var handler = StubHttpHandler.Answering(_ => StubHttpHandler.EventStream(body));
        using var harness = new GraphHarness(akka.Materializer, time, handler, Upstream);
        var gaps = RequestMetrics.ChunkGapFor(Upstream.Name, "metrics-graph-model");
        var gapsBefore = gaps.Count;

        var (exchange, _, run) = harness.Start("""{"model":"metrics-graph-model","stream":true,"messages":[{"role":"user","content":"hi"}]}""", CancellationToken.None);
        foreach (var ev in new[] { Chunk, Chunk, Finish, "[DONE]" })
        {
            await body.WaitForPendingReadAsync().Within();
            time.Advance(TimeSpan.FromSeconds(2));
            body.Send($"data: {ev}\n\n");
        }
        await run.Within();

        var seconds = (double)time.TimestampFrequency;
        Assert.Equal("metrics-graph-model", exchange.ModelLabel);
        Assert.Equal(8.0, exchange.UpstreamWait / seconds, 3);            // four reads, each pending 2 s
        Assert.Equal(2.0, exchange.BackendTimeToFirstToken / seconds, 3); // sent → first event
        Assert.True(gaps.Count - gapsBefore >= 2, $"chunk gaps observed: {gaps.Count - gapsBefore}");
    }

    [Fact]
    public async Task UnlistedModel_IsLabelledOther()
    {
        var anyModel = Upstream with { Name = "metrics-graph-any", ModelMapping = new Dictionary<string, string>() };
        var handler = StubHttpHandler.Answering(_ => StubHttpHandler.Json(System.Net.HttpStatusCode.OK, """{"id":"c","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"x"},"finish_reason":"stop"}]}"""));
        using var harness = new GraphHarness(akka.Materializer, new FakeTimeProvider(), handler, anyModel);

        var (exchange, _) = await harness.RunAsync("""{"model":"some-client-model","messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal(MetricLabels.Other, exchange.ModelLabel);
        Assert.True(exchange.BackendTimeToFirstToken > 0);
    }
}
