using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Louter.Host.Observability.Tracing;
using Louter.Tests.EndToEnd.Support;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Xunit;

namespace Louter.Tests.EndToEnd;

/// <summary>
/// [tracing] end to end: a real Louter exporting over OTLP/HTTP to a receiver on loopback, in front
/// of the mock upstream. One class, so its tests run one at a time: a tracer provider listens to
/// every "Louter" source in the process, and two at once would export each other's spans.
/// Spans are matched by the trace id each test sends in its own traceparent.
/// </summary>
[Collection(TracingCollection.Name)]
public sealed class TracingTests : IAsyncLifetime
{
    private const string Config = """
        [tracing]
        otlp_endpoint = "{otlp}"
        sample_ratio = {ratio}

        [retries]
        max_attempts = 2
        backoff = "1ms"

        [backends.mapped]
        url = "{upstream}/v1"
        api_key = "sk-backend-secret"
        [backends.mapped.model_mapping]
        "gpt-test" = "echo-upstream"

        [backends.passthrough]
        url = "{upstream}"
        failure_threshold = 1000000
        minimum_requests = 1000000
        """;

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private MockUpstream _upstream = null!;
    private OtlpReceiver _receiver = null!;
    private LouterInstance? _louter;
    private readonly ServerSpanStops _stops = new();

    public async ValueTask InitializeAsync()
    {
        _upstream = await MockUpstream.StartAsync();
        _receiver = await OtlpReceiver.StartAsync();
    }

    private async Task<LouterInstance> StartLouterAsync(double ratio = 1.0, string extraToml = "", Louter.Host.Hosting.LouterAppOptions? options = null)
    {
        var toml = extraToml + Config.Replace("{otlp}", _receiver.BaseUrl.ToString().TrimEnd('/'), StringComparison.Ordinal)
                         .Replace("{ratio}", ratio.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        return _louter = await LouterInstance.StartAsync(toml, _upstream.BaseUrl, options: options);
    }

    [Fact]
    public async Task LogLines_OfARequestWithoutTraceparent_CarryTheTraceIdLouterExported()
    {
        var logs = new JsonLogCapture();
        await StartLouterAsync(extraToml: "[logging]\nlevel = \"info\"\nformat = \"json\"\n\n", options: new Louter.Host.Hosting.LouterAppOptions { ConfigureLogging = logs.Install });

        using var response = await _louter!.PostChatAsync("""{"model":"gpt-test","messages":[{"role":"user","content":"no traceparent"}]}""", Ct);
        var requestId = response.Headers.GetValues("x-request-id").Single();

        // GatewayRuntime's one line per request (event 1): its scope's trace id is the exported trace's.
        var line = await logs.WaitForAsync(l => l.GetProperty("EventId").GetInt32() == 1 && l.GetProperty("Message").GetString()!.StartsWith(requestId, StringComparison.Ordinal), Ct);
        var scope = line.GetProperty("Scopes").EnumerateArray().Single(s => s.ValueKind == System.Text.Json.JsonValueKind.Object && s.TryGetProperty("RequestId", out var r) && r.GetString() == requestId);
        var traceId = ActivityTraceId.CreateFromString(scope.GetProperty("TraceId").GetString());
        await _stops.WhenStopped(traceId);
        _louter.Services.GetRequiredService<TracerProvider>().ForceFlush(5_000);
        var spans = await SpansOfAsync(traceId, atLeast: 1);

        Assert.Contains(spans, s => s.Kind == ExportedSpan.KindServer && Equals(s["louter.request_id"], requestId));
    }

    /// <summary>Sends <paramref name="path"/> with a traceparent of a fresh trace; waits until Louter has ended the request's span.</summary>
    private async Task<(HttpResponseMessage Response, ActivityTraceId TraceId, ActivitySpanId ClientSpan)> SendTracedAsync(
        string path, string json, bool sampled = true)
    {
        var traceId = ActivityTraceId.CreateRandom();
        var clientSpan = ActivitySpanId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, new MediaTypeHeaderValue("application/json")) };
        request.Headers.TryAddWithoutValidation("traceparent", $"00-{traceId}-{clientSpan}-{(sampled ? "01" : "00")}");
        request.Headers.TryAddWithoutValidation("tracestate", "client=1");
        request.Headers.TryAddWithoutValidation("anthropic-version", "2023-06-01");
        var response = await _louter!.Http.SendAsync(request, Ct);
        await response.Content.LoadIntoBufferAsync(Ct);
        await _stops.WhenStopped(traceId);
        _louter.Services.GetRequiredService<TracerProvider>().ForceFlush(5_000);
        return (response, traceId, clientSpan);
    }

    private async Task<List<ExportedSpan>> SpansOfAsync(ActivityTraceId traceId, int atLeast)
    {
        var id = traceId.ToHexString();
        try
        {
            await _receiver.WhenAsync(spans => spans.Count(s => s.TraceId == id) >= atLeast, Wait);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"expected {atLeast} spans of trace {id}; the receiver got {_receiver.Exports} exports: "
                + string.Join("; ", _receiver.Spans.Select(s => $"{s.Name} kind={s.Kind} trace={s.TraceId} parent={s.ParentSpanId}")));
        }
        return [.. _receiver.Spans.Where(s => s.TraceId == id)];
    }

    [Fact]
    public async Task Trace_PassThroughRequest_ServerSpanUnderClientParent_WithStageAndAttemptChildren()
    {
        await StartLouterAsync();

        var (response, traceId, clientSpan) = await SendTracedAsync("/v1/chat/completions",
            """{"model":"gpt-test","messages":[{"role":"user","content":"trace me"}]}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var spans = await SpansOfAsync(traceId, atLeast: 4);
        var server = Assert.Single(spans, s => s.Kind == ExportedSpan.KindServer);
        Assert.Equal("chat gpt-test", server.Name);
        Assert.Equal(clientSpan.ToHexString(), server.ParentSpanId);
        Assert.Equal("chat", server["gen_ai.operation.name"]);
        Assert.Equal("openai", server["gen_ai.provider.name"]);
        Assert.Equal("gpt-test", server["gen_ai.request.model"]);
        Assert.Equal("echo-upstream", server["gen_ai.response.model"]);
        Assert.Equal(["stop"], (string[])server["gen_ai.response.finish_reasons"]!);
        Assert.True((long)server["gen_ai.usage.input_tokens"]! > 0);
        Assert.True((long)server["gen_ai.usage.output_tokens"]! > 0);
        Assert.Equal(200L, server["http.response.status_code"]);
        Assert.Equal("mapped", server["louter.backend"]);
        Assert.Equal(response.Headers.GetValues("x-request-id").Single(), server["louter.request_id"]);
        Assert.NotEqual(ExportedSpan.StatusError, server.StatusCode);

        Assert.Equal(server.SpanId, Assert.Single(spans, s => s.Name == "decode").ParentSpanId);
        var route = Assert.Single(spans, s => s.Name == "route");
        Assert.Equal(server.SpanId, route.ParentSpanId);
        Assert.Equal("mapped", route["louter.backend"]);

        var attempt = Assert.Single(spans, s => s.Kind == ExportedSpan.KindClient);
        Assert.Equal(server.SpanId, attempt.ParentSpanId);
        Assert.Equal("chat echo-upstream", attempt.Name);
        Assert.Equal("openai", attempt["gen_ai.provider.name"]);
        Assert.Equal("echo-upstream", attempt["gen_ai.request.model"]);
        Assert.Equal("mapped", attempt["louter.backend"]);
        Assert.Equal(1L, attempt["louter.attempt"]);
        Assert.Equal(0L, attempt["louter.retry"]);
        Assert.Equal("success", attempt["louter.outcome"]);
        Assert.Equal(200L, attempt["http.response.status_code"]);
        Assert.Equal("127.0.0.1", attempt["server.address"]);

        // The backend joins the client's trace under the attempt span; the client's own tracestate travels along.
        var sent = _upstream.Last("echo-upstream");
        Assert.Equal($"00-{traceId}-{attempt.SpanId}-01", sent.Headers["traceparent"]);
        Assert.Equal("client=1", sent.Headers["tracestate"]);
        Assert.DoesNotContain(spans.SelectMany(s => s.Attributes.Values).OfType<string>(), v => v.Contains("sk-backend-secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Trace_TranslatedStream_RecordsResponseModelFinishReasonAndFirstByte()
    {
        await StartLouterAsync();

        // An Anthropic client to an OpenAI backend: the answer goes through the canonical model.
        var (response, traceId, _) = await SendTracedAsync("/v1/messages",
            """{"model":"gpt-test","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"stream me"}]}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var spans = await SpansOfAsync(traceId, atLeast: 4);
        var server = Assert.Single(spans, s => s.Kind == ExportedSpan.KindServer);
        Assert.Equal("anthropic", server["louter.frontend"]);
        Assert.Equal("openai", server["gen_ai.provider.name"]);
        Assert.Equal(true, server["louter.stream"]);
        Assert.Equal("echo-upstream", server["gen_ai.response.model"]);
        Assert.Equal(["stop"], (string[])server["gen_ai.response.finish_reasons"]!);
        Assert.True((long)server["gen_ai.usage.output_tokens"]! > 0);
        Assert.Contains("first_byte", server.Events);
        Assert.Equal("success", Assert.Single(spans, s => s.Kind == ExportedSpan.KindClient)["louter.outcome"]);
    }

    [Fact]
    public async Task Trace_UpstreamError_MarksEachAttemptAndTheRequestAsError()
    {
        await StartLouterAsync();

        var (response, traceId, _) = await SendTracedAsync("/v1/chat/completions",
            """{"model":"status-503","messages":[{"role":"user","content":"fail"}]}""");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var spans = await SpansOfAsync(traceId, atLeast: 5);
        var server = Assert.Single(spans, s => s.Kind == ExportedSpan.KindServer);
        Assert.Equal(ExportedSpan.StatusError, server.StatusCode);
        Assert.Equal("unavailable", server["error.type"]);
        Assert.Equal(503L, server["http.response.status_code"]);
        Assert.Equal(2L, server["louter.attempts"]);

        // max_attempts = 2 on the only candidate: the same backend twice, one span each.
        var attempts = spans.Where(s => s.Kind == ExportedSpan.KindClient).OrderBy(s => (long)s["louter.attempt"]!).ToList();
        Assert.Equal(2, attempts.Count);
        Assert.Equal([0L, 1L], attempts.Select(a => (long)a["louter.retry"]!));
        Assert.All(attempts, a =>
        {
            Assert.Equal(server.SpanId, a.ParentSpanId);
            Assert.Equal(ExportedSpan.StatusError, a.StatusCode);
            Assert.Equal("overloaded", a["error.type"]);
            Assert.Equal(503L, a["http.response.status_code"]);
            Assert.Equal("overloaded: upstream HTTP 503", a.StatusMessage);
        });
        // Each attempt carried its own span's context.
        var sent = _upstream.Requests.Where(r => r.Model == "status-503" && r.Headers.GetValueOrDefault("traceparent")?.Contains(traceId.ToHexString(), StringComparison.Ordinal) == true)
            .Select(r => r.Headers["traceparent"]).ToHashSet();
        Assert.Equal(attempts.Select(a => $"00-{traceId}-{a.SpanId}-01").ToHashSet(), sent);
    }

    [Fact]
    public async Task Trace_SampleRatioZero_ExportsNothing_ButStillPassesTheContextOn()
    {
        await StartLouterAsync(ratio: 0);

        // A new trace (no traceparent) falls to sample_ratio; then a client's unsampled trace.
        using var root = await _louter!.PostChatAsync("""{"model":"gpt-test","messages":[{"role":"user","content":"no trace"}]}""", Ct);
        var (response, traceId, clientSpan) = await SendTracedAsync("/v1/chat/completions",
            """{"model":"gpt-test","messages":[{"role":"user","content":"unsampled"}]}""", sampled: false);

        Assert.Equal(HttpStatusCode.OK, root.StatusCode);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, _receiver.Exports);
        Assert.Empty(_receiver.Spans);
        // Not sampled, but the backend still hears the trace and the decision (flag 00), not a new trace.
        var sent = _upstream.Requests.Last(r => r.Headers.GetValueOrDefault("traceparent")?.Contains(traceId.ToHexString(), StringComparison.Ordinal) == true);
        Assert.StartsWith($"00-{traceId}-", sent.Headers["traceparent"], StringComparison.Ordinal);
        Assert.EndsWith("-00", sent.Headers["traceparent"], StringComparison.Ordinal);
        Assert.DoesNotContain(clientSpan.ToHexString(), sent.Headers["traceparent"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://collector:4318", "http://collector:4318/v1/traces")]
    [InlineData("http://collector:4318/", "http://collector:4318/v1/traces")]
    [InlineData("https://otel.example/custom/v1/traces", "https://otel.example/custom/v1/traces")]
    public void TracesUrl_BaseUrlGetsTheTracesPath_FullUrlIsKept(string endpoint, string expected)
    {
        Assert.Equal(new Uri(expected), TracingSetup.TracesUrl(endpoint));
    }

    public async ValueTask DisposeAsync()
    {
        _stops.Dispose();
        if (_louter is not null) await _louter.DisposeAsync();
        await _receiver.DisposeAsync();
        await _upstream.DisposeAsync();
    }
}

/// <summary>
/// A tracer provider listens to the "Louter" source process-wide: while one is installed, every
/// other Louter host in the test process (other classes run in parallel) makes spans it may export.
/// The tracing tests therefore run alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TracingCollection
{
    public const string Name = "Tracing (runs alone)";
}
