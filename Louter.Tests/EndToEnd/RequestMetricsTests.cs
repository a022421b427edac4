using System.Net;
using System.Net.Http.Headers;
using Louter.Streams.Metrics;
using Louter.Tests.EndToEnd.Support;
using Xunit;

namespace Louter.Tests.EndToEnd;

/// <summary>
/// Every frontend × streaming mode through a real Louter, and the series each request moves at
/// GET /metrics, read as the difference between a scrape before and after. The backends here are
/// named for this class only, so their series move only with its requests (the registry is shared
/// by every Louter in the test process; the frontend-only series move with other classes too).
/// </summary>
public sealed class RequestMetricsTests(RequestMetricsTests.Fixture fixture) : IClassFixture<RequestMetricsTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        public MockUpstream Upstream { get; private set; } = null!;
        public LouterInstance Louter { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            Upstream = await MockUpstream.StartAsync();
            Louter = await LouterInstance.StartAsync("""
                [retries]
                max_attempts = 2
                backoff = "1ms"

                [backends.metered]
                url = "{upstream}/v1"
                [backends.metered.model_mapping]
                "metrics-model" = "echo-metrics"

                [backends.metered-flaky]
                url = "{upstream}/v1"
                failure_threshold = 1000000
                minimum_requests = 1000000
                [backends.metered-flaky.model_mapping]
                "metrics-flaky" = "status-500"

                [backends.metered-any]
                url = "{upstream}"
                failure_threshold = 1000000
                minimum_requests = 1000000
                """, Upstream.BaseUrl);
        }

        public async ValueTask DisposeAsync()
        {
            await Louter.DisposeAsync();
            await Upstream.DisposeAsync();
        }
    }

    private const string Backend = "backend=metered";
    private const string Model = "model=metrics-model";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private LouterInstance Louter => fixture.Louter;

    /// <summary>frontend label, path, body, stream.</summary>
    public static TheoryData<string, string, string, bool> Requests() => new()
    {
        { "openai", "/v1/chat/completions", """{"model":"metrics-model","messages":[{"role":"user","content":"one two three"}]}""", false },
        { "openai", "/v1/chat/completions", """{"model":"metrics-model","stream":true,"messages":[{"role":"user","content":"one two three"}]}""", true },
        { "responses", "/v1/responses", """{"model":"metrics-model","input":"one two three"}""", false },
        { "responses", "/v1/responses", """{"model":"metrics-model","stream":true,"input":"one two three"}""", true },
        { "anthropic", "/v1/messages", """{"model":"metrics-model","max_tokens":64,"messages":[{"role":"user","content":"one two three"}]}""", false },
        { "anthropic", "/v1/messages", """{"model":"metrics-model","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"one two three"}]}""", true },
        { "gemini", "/v1beta/models/metrics-model:generateContent", """{"contents":[{"role":"user","parts":[{"text":"one two three"}]}]}""", false },
        { "gemini", "/v1beta/models/metrics-model:streamGenerateContent?alt=sse", """{"contents":[{"role":"user","parts":[{"text":"one two three"}]}]}""", true },
        { "gemini", "/v1beta/models/metrics-model:streamGenerateContent", """{"contents":[{"role":"user","parts":[{"text":"one two three"}]}]}""", true },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Request_MovesEverySeriesForItsLabels(string frontend, string path, string body, bool stream)
    {
        var before = await PrometheusScrape.TakeAsync(Louter, Ct);

        var (status, text) = await PostAsync(path, body);
        Assert.True(status == HttpStatusCode.OK, $"{status}: {text}");

        var after = await PrometheusScrape.TakeAsync(Louter, Ct);
        double Delta(string name, params string[] labels) => after.Sum(name, labels) - before.Sum(name, labels);
        string[] request = [$"frontend={frontend}", Backend, Model, $"stream={(stream ? "true" : "false")}", "status_class=2xx"];

        Assert.Equal(1, Delta(MetricNames.Requests, request));
        Assert.Equal(1, Delta(MetricNames.RequestDuration + "_count", request));
        Assert.Equal(1, Delta(MetricNames.TimeToFirstToken + "_count", request));
        Assert.Equal(1, Delta(MetricNames.BackendTimeToFirstToken + "_count", Backend, Model));
        Assert.True(Delta(MetricNames.Tokens, $"frontend={frontend}", Backend, Model, "type=input") > 0, "input tokens");
        Assert.True(Delta(MetricNames.Tokens, $"frontend={frontend}", Backend, Model, "type=output") > 0, "output tokens");
        Assert.True(after.Has(MetricNames.Tokens, $"frontend={frontend}", Backend, Model, "type=cached_input"));
        Assert.True(after.Has(MetricNames.Tokens, $"frontend={frontend}", Backend, Model, "type=reasoning"));
        Assert.True(Delta(MetricNames.GatewayOverhead + "_count", $"frontend={frontend}") >= 1);
        Assert.True(after.Has(MetricNames.InFlightRequests, $"frontend={frontend}"));
        Assert.Equal(1, Delta(MetricNames.BackendRequests, Backend, "outcome=success"));
        Assert.Equal(1, Delta(MetricNames.RoutingDecisions, Backend));
        Assert.Equal(0, Delta(MetricNames.Retries, Backend));
        Assert.Equal(stream ? 1 : 0, Delta(MetricNames.InterTokenLatency + "_count", Backend, Model));
        Assert.Equal(stream ? 1 : 0, Delta(MetricNames.OutputTokensPerSecond + "_count", Backend, Model));
        if (stream) Assert.True(Delta(MetricNames.StreamChunkGap + "_count", Backend, Model) >= 1, "chunk gaps");
        else Assert.Equal(0, Delta(MetricNames.StreamChunkGap + "_count", Backend, Model));
        Assert.True(after.Has(MetricNames.ProcessCpuSeconds) && after.Has(MetricNames.DotNetCollections, "generation=0"));
    }

    [Fact]
    public async Task UnconfiguredModel_IsLabelledOther_AndA4xxIsStatusClass4xx()
    {
        var before = await PrometheusScrape.TakeAsync(Louter, Ct);

        // Served by the backend without a mapping, which takes any name; the name itself is not a label.
        var (ok, _) = await PostAsync("/v1/chat/completions", """{"model":"client-invented-name","messages":[{"role":"user","content":"x"}]}""");
        // The upstream answers 404: relayed as a 404, the client's fault.
        var (notFound, _) = await PostAsync("/v1/chat/completions", """{"model":"status-404","messages":[{"role":"user","content":"x"}]}""");
        // Not JSON: refused before routing, so no backend either.
        var (invalid, _) = await PostAsync("/v1/messages", "{not json");

        var after = await PrometheusScrape.TakeAsync(Louter, Ct);
        double Delta(string name, params string[] labels) => after.Sum(name, labels) - before.Sum(name, labels);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.NotFound, HttpStatusCode.BadRequest), (ok, notFound, invalid));

        Assert.Equal(1, Delta(MetricNames.Requests, "frontend=openai", "backend=metered-any", "model=other", "stream=false", "status_class=2xx"));
        Assert.Equal(1, Delta(MetricNames.Requests, "frontend=openai", "backend=metered-any", "model=other", "stream=false", "status_class=4xx"));
        Assert.True(Delta(MetricNames.Requests, "frontend=anthropic", "backend=none", "model=other", "status_class=4xx") >= 1);
        Assert.Equal(1, Delta(MetricNames.BackendRequests, "backend=metered-any", "outcome=client_error"));
        Assert.DoesNotContain("client-invented-name", after.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("status-404", after.Text, StringComparison.Ordinal);
        TestContext.Current.TestOutputHelper?.WriteLine(after.Text);
    }

    [Fact]
    public async Task Retry_IsCountedOnTheBackendItWentTo_AndEachAttemptIsABackendRequest()
    {
        var before = await PrometheusScrape.TakeAsync(Louter, Ct);

        var (status, _) = await PostAsync("/v1/chat/completions", """{"model":"metrics-flaky","messages":[{"role":"user","content":"x"}]}""");

        var after = await PrometheusScrape.TakeAsync(Louter, Ct);
        double Delta(string name, params string[] labels) => after.Sum(name, labels) - before.Sum(name, labels);
        Assert.Equal(HttpStatusCode.BadGateway, status);
        Assert.Equal(1, Delta(MetricNames.Retries, "backend=metered-flaky"));
        Assert.Equal(2, Delta(MetricNames.BackendRequests, "backend=metered-flaky", "outcome=server_error"));
        Assert.Equal(1, Delta(MetricNames.Requests, "frontend=openai", "backend=metered-flaky", "model=metrics-flaky", "status_class=5xx"));
        Assert.Equal(0, Delta(MetricNames.TimeToFirstToken + "_count", "backend=metered-flaky"));
    }

    private async Task<(HttpStatusCode Status, string Body)> PostAsync(string path, string body)
    {
        using var response = await Louter.Http.PostAsync(path, new StringContent(body, new MediaTypeHeaderValue("application/json")), Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }
}
