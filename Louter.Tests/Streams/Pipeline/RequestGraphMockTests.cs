using System.Text.Json;
using Louter.Streams.Errors;
using Louter.Streams.Routing;
using Louter.Tests.Support;
using Xunit;

namespace Louter.Tests.Streams.Pipeline;

/// <summary>The whole request graph against the built-in mock backend, without HTTP on either side.</summary>
public sealed class RequestGraphMockTests(ActorSystemFixture akka) : IClassFixture<ActorSystemFixture>
{
    private GraphHarness Harness(params BackendDescriptor[] backends) =>
        new(akka.Materializer, TimeProvider.System, http: null, backends.Length == 0 ? [GraphHarness.Mock()] : backends);

    private static string Body(string text, bool stream = false, bool includeUsage = false, string model = "louter-mock") =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["model"] = model,
            ["stream"] = stream,
            ["messages"] = new[] { new Dictionary<string, string> { ["role"] = "user", ["content"] = text } },
        }).TrimEnd('}') + (includeUsage ? ",\"stream_options\":{\"include_usage\":true}}" : "}");

    private static JsonElement Json(RecordingResponseChannel client)
    {
        using var doc = JsonDocument.Parse(client.BodyText);
        return doc.RootElement.Clone();
    }

    private static void AssertEcho(RecordingResponseChannel client, string text)
    {
        Assert.Equal(200, client.Status);
        Assert.Equal("application/json", client.ContentType);
        var completion = Json(client);
        Assert.Equal(text, completion.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
    }

    private static void AssertStreamedEcho(RecordingResponseChannel client, string text, bool expectUsageChunk)
    {
        Assert.Equal(200, client.Status);
        Assert.Equal("text/event-stream; charset=utf-8", client.ContentType);
        var data = client.SseData;
        Assert.Equal("[DONE]", data[^1]);
        var chunks = data.Take(data.Count - 1).Select(d => JsonDocument.Parse(d).RootElement).ToList();
        var content = string.Concat(chunks
            .Where(c => c.GetProperty("choices").GetArrayLength() > 0)
            .Select(c => c.GetProperty("choices")[0].GetProperty("delta"))
            .Select(d => d.TryGetProperty("content", out var s) ? s.GetString() : ""));
        Assert.Equal(text, content);
        Assert.Equal(expectUsageChunk, chunks.Any(c => c.TryGetProperty("usage", out _)));
        Assert.Equal(0, client.StartsAfterFirstWrite);
    }

    [Fact]
    public async Task Run_NonStreamingRequest_AnswersWithTheEchoAsJson()
    {
        using var harness = Harness();

        var (exchange, client) = await harness.RunAsync(Body("Hello, graph!"));

        AssertEcho(client, "Hello, graph!");
        Assert.Equal(UpstreamOutcome.Success, exchange.Outcome);
        Assert.NotNull(exchange.Usage);
        Assert.Equal(2, exchange.Usage.Output);
        Assert.Equal("mock", exchange.Target!.Backend.Name);
        Assert.Null(exchange.Error);
    }

    [Fact]
    public async Task Run_StreamingRequest_StreamsChunksEndingInDoneWithoutUsageChunk()
    {
        using var harness = Harness();

        var (exchange, client) = await harness.RunAsync(Body("one two three", stream: true));

        Assert.Null(exchange.Fault);
        AssertStreamedEcho(client, "one two three", expectUsageChunk: false);
        Assert.Equal("no", client.Header("x-accel-buffering"));
        // Louter asked the backend for usage on the client's behalf and kept it for itself.
        Assert.NotNull(exchange.Usage);
        Assert.Equal(3, exchange.Usage.Output);
        Assert.Equal(UpstreamOutcome.Success, exchange.Outcome);
        Assert.NotEqual(0, exchange.FirstByteTimestamp);
    }

    [Fact]
    public async Task Run_StreamingRequestAskingForUsage_RelaysTheUsageChunk()
    {
        using var harness = Harness();

        var (exchange, client) = await harness.RunAsync(Body("one two three", stream: true, includeUsage: true));

        AssertStreamedEcho(client, "one two three", expectUsageChunk: true);
        Assert.Equal(3, exchange.Usage!.Output);
    }

    [Fact]
    public async Task Run_InvalidBody_Answers400InOpenAIsShape()
    {
        using var harness = Harness();

        var (exchange, client) = await harness.RunAsync("{\"model\":\"louter-mock\"}");

        Assert.Equal(400, client.Status);
        Assert.Equal("application/json", client.ContentType);
        var error = Json(client).GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal("messages", error.GetProperty("param").GetString());
        Assert.Equal(UpstreamOutcome.None, exchange.Outcome);
        Assert.Null(exchange.Target);
    }

    [Fact]
    public async Task Run_MalformedJson_Answers400InvalidJson()
    {
        using var harness = Harness();

        var (_, client) = await harness.RunAsync("{\"model\":");

        Assert.Equal(400, client.Status);
        Assert.Equal("invalid_json", Json(client).GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Run_UnknownModelWithOnlyMappedBackends_Answers404ModelNotFound()
    {
        using var harness = Harness(GraphHarness.Mock() with { ModelMapping = new Dictionary<string, string> { ["louter-mock"] = "louter-mock" } });

        var (_, client) = await harness.RunAsync(Body("hi", model: "gpt-nope"));

        Assert.Equal(404, client.Status);
        var error = Json(client).GetProperty("error");
        Assert.Equal("model_not_found", error.GetProperty("code").GetString());
        Assert.Equal("model", error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task Run_MappedModel_SendsTheMappedNameUpstream()
    {
        using var harness = Harness(GraphHarness.Mock() with { ModelMapping = new Dictionary<string, string> { ["alias"] = "real-model" } });

        var (_, client) = await harness.RunAsync(Body("hi", model: "alias"));

        Assert.Equal(200, client.Status);
        Assert.Equal("real-model", Json(client).GetProperty("model").GetString());
    }

    [Fact]
    public async Task Run_OnlyBackendForcedOpen_Answers503WithRetryAfter()
    {
        using var harness = Harness();
        harness.Routing.Apply("mock", new BackendStatus(CircuitState.Open, Forced: true, Version: 1));

        var (_, client) = await harness.RunAsync(Body("hi"));

        Assert.Equal(503, client.Status);
        Assert.Equal("5", client.Header("retry-after"));
        var error = Json(client).GetProperty("error");
        Assert.Equal("backend_unavailable", error.GetProperty("code").GetString());
        Assert.Contains("'mock'", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_CircuitClosedAgain_RoutesAgainWithTheSameGraph()
    {
        using var harness = Harness();
        harness.Routing.Apply("mock", new BackendStatus(CircuitState.Open, Forced: true, Version: 1));
        Assert.Equal(503, (await harness.RunAsync(Body("hi"))).Client.Status);

        harness.Routing.Apply("mock", new BackendStatus(CircuitState.Closed, Forced: false, Version: 2));

        AssertEcho((await harness.RunAsync(Body("hi again"))).Client, "hi again");
    }

    [Fact]
    public async Task Run_SameGraphManyTimesInSequence_AnswersEachCorrectly()
    {
        using var harness = Harness();

        for (var i = 0; i < 200; i++)
        {
            var text = $"request number {i}";
            var stream = i % 2 == 0;
            var (_, client) = await harness.RunAsync(Body(text, stream));
            if (stream) AssertStreamedEcho(client, text, expectUsageChunk: false);
            else AssertEcho(client, text);
        }
    }

    [Fact]
    public async Task Run_SameGraphConcurrently_KeepsEachExchangeApart()
    {
        using var harness = Harness();

        var runs = Enumerable.Range(0, 50).Select(i =>
        {
            var text = $"concurrent {i} says {new string('x', i % 7)}";
            var (_, client, run) = harness.Start(Body(text, stream: i % 3 != 0, includeUsage: i % 5 == 0), CancellationToken.None);
            return (i, text, client, run);
        }).ToList();
        await Task.WhenAll(runs.Select(r => r.run)).Within();

        foreach (var (i, text, client, _) in runs)
        {
            if (i % 3 != 0) AssertStreamedEcho(client, text, expectUsageChunk: i % 5 == 0);
            else AssertEcho(client, text);
        }
    }
}
