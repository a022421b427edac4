using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Xunit;

namespace Louter.Tests.EndToEnd.Faults;

/// <summary>
/// Issue 5's fault scenarios through a real Louter: five loopback backends behind one model name,
/// round-robin, where one refuses connections, one answers 503, one answers past its timeout, one
/// answers 429 with Retry-After, and one is healthy. Clients keep succeeding while any backend can
/// serve them; circuits open and close as the README says; no request reaches an open circuit
/// except a half-open trial; a forced state survives a restart; with nothing left, a clean error.
/// </summary>
public sealed class FaultScenarioTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(15);

    private static readonly (string, FaultKind)[] FourFaultsAndOneHealthy =
    [
        ("refused", FaultKind.Refused),
        ("unavailable", FaultKind.Unavailable),
        ("slow", FaultKind.TimesOut),
        ("limited", FaultKind.RateLimited),
        ("healthy", FaultKind.Healthy),
    ];

    // Five candidates: the healthy one may be last, so every candidate must get its attempt.
    private const string Retries = """
        [retries]
        max_attempts = 5
        backoff = "10ms"
        max_backoff = "50ms"
        deadline = "10s"
        """;

    [Fact]
    public async Task FourFaultyBackends_EveryRequestSucceeds_CircuitsOpenAndClose_NoTrafficToOpenCircuits()
    {
        await using var bench = await FaultBench.StartAsync(FourFaultsAndOneHealthy, Retries);

        // 1. Round-robin puts each backend first in turn: every request, streaming or not, is answered
        //    (by the healthy backend) while the faulty ones fail over.
        for (var i = 0; i < 10; i++) await AssertServedAsync(bench, stream: i % 2 == 1);

        // 2. The refused one opened on its first failure, the 503 and the timing-out one after
        //    failure_threshold (2) failures; the 429 one is only rate-limited, never failing.
        var refused = await bench.WaitForCircuitAsync("refused", "open", Within, Ct);
        Assert.Equal("connection refused", refused.GetProperty("health").GetProperty("reason").GetString());
        // Opened by the first failure; a request or two may still reach it while the entity's "open"
        // travels to the routing table (a busy machine), never more.
        Assert.InRange(await bench.AttemptsAsync("refused", Ct), 1L, 3L);
        await bench.WaitForCircuitAsync("unavailable", "open", Within, Ct);
        await bench.WaitForCircuitAsync("slow", "open", Within, Ct);
        var backends = await bench.BackendsAsync(Ct);
        var limited = backends["limited"];
        Assert.Equal("closed", limited.GetProperty("circuit").GetString());
        Assert.True(limited.GetProperty("up").GetBoolean());
        Assert.Equal(0, limited.GetProperty("health").GetProperty("failures_in_window").GetInt32());
        Assert.True(limited.GetProperty("health").GetProperty("rate_limited_in_window").GetInt32() >= 1);
        Assert.Equal("closed", backends["healthy"].GetProperty("circuit").GetString());

        // 3. While open, none of them receives a request. (Checked while the circuits are still on their
        //    first trip: a circuit that was open before and after the batch was open throughout it.)
        var before = (unavailable: bench.Received("unavailable"), slow: bench.Received("slow"), refused: await bench.AttemptsAsync("refused", Ct));
        Assert.InRange(before.unavailable, 2, 4);  // the threshold; one or two more only if requests beat the entity's publish
        Assert.InRange(before.slow, 2, 4);
        for (var i = 0; i < 6; i++) await AssertServedAsync(bench, stream: i % 2 == 0);
        backends = await bench.BackendsAsync(Ct);
        foreach (var name in new[] { "refused", "unavailable", "slow" })
        {
            Assert.Equal("open", backends[name].GetProperty("circuit").GetString());
            Assert.Equal(1, backends[name].GetProperty("health").GetProperty("trip").GetInt32());
        }
        Assert.Equal(before, (bench.Received("unavailable"), bench.Received("slow"), await bench.AttemptsAsync("refused", Ct)));

        // 4. The 503 backend recovers. After open_duration its circuit is half-open: exactly one trial
        //    reaches it, succeeds, and closes the circuit; from then on it takes its turn again.
        bench.Recover("unavailable");
        await bench.WaitForCircuitAsync("unavailable", "half_open", Within, Ct);
        var atHalfOpen = bench.Received("unavailable");
        for (var i = 0; bench.Received("unavailable") == atHalfOpen; i++)
        {
            Assert.True(i < 40, "no trial request reached the half-open backend");
            await AssertServedAsync(bench, stream: i % 2 == 0);
        }
        Assert.Equal(atHalfOpen + 1, bench.Received("unavailable"));
        var closed = await bench.WaitForCircuitAsync("unavailable", "closed", Within, Ct);
        Assert.Equal("trial request succeeded", closed.GetProperty("health").GetProperty("reason").GetString());
        var atClose = bench.Received("unavailable");
        for (var i = 0; i < 10; i++) await AssertServedAsync(bench, stream: i % 2 == 0);
        Assert.True(bench.Received("unavailable") > atClose, "the closed backend got no traffic back");

        // 5. The still-broken ones got at most one trial per half-open period: each failed trial is one
        //    more trip, so the upstream saw its threshold plus one request per trip after the first.
        backends = await bench.BackendsAsync(Ct);
        var slowTrips = backends["slow"].GetProperty("health").GetProperty("trip").GetInt32();
        Assert.InRange(bench.Received("slow"), before.slow + slowTrips - 1, before.slow + slowTrips);
        var refusedTrips = backends["refused"].GetProperty("health").GetProperty("trip").GetInt32();
        Assert.InRange(await bench.AttemptsAsync("refused", Ct), before.refused + refusedTrips - 1, before.refused + refusedTrips);
    }

    [Fact]
    public async Task ForcedOpen_SurvivesRestart_AndTheForcedBackendGetsNoTraffic()
    {
        await using var bench = await FaultBench.StartAsync(
            [("limited", FaultKind.RateLimited), ("healthy", FaultKind.Healthy), ("spare", FaultKind.Healthy)], Retries);
        using (var force = await bench.Http.PostAsync("/admin/backends/spare/circuit",
            new StringContent("""{"state":"open"}""", new MediaTypeHeaderValue("application/json")), Ct))
        {
            Assert.Equal(HttpStatusCode.OK, force.StatusCode);
        }

        await bench.RestartAsync();

        var spare = (await bench.BackendsAsync(Ct))["spare"];
        Assert.Equal("open", spare.GetProperty("circuit").GetString());
        Assert.Equal("open", spare.GetProperty("forced_state").GetString());
        for (var i = 0; i < 8; i++) await AssertServedAsync(bench, stream: i % 2 == 0);
        Assert.Equal(0, bench.Received("spare"));
        Assert.Equal(8, bench.Mock("healthy").Requests.Count(r => r.Model == "echo-healthy"));
    }

    [Fact]
    public async Task EveryBackendDown_ClientGetsACleanErrorInItsProtocol_NotAHang()
    {
        await using var bench = await FaultBench.StartAsync(
            [("refused", FaultKind.Refused), ("unavailable", FaultKind.Unavailable), ("slow", FaultKind.TimesOut), ("limited", FaultKind.RateLimited)],
            Retries.Replace("deadline = \"10s\"", "deadline = \"3s\"", StringComparison.Ordinal),
            // Open long enough that no circuit turns half-open (and admits a trial) while this test looks.
            circuit: "failure_threshold = 2\nopen_duration = \"60s\"");

        // While the candidates fail in turn: the last upstream error, in OpenAI's shape, never a 200 stream.
        for (var i = 0; i < 4; i++)
        {
            var result = await bench.ChatAsync(stream: i % 2 == 1, Ct);
            Assert.Contains((int)result.Status, new[] { 429, 503, 504 });
            AssertOpenAIError(result);
            if (result.Status == HttpStatusCode.TooManyRequests) Assert.Equal(TimeSpan.FromSeconds(1), result.RetryAfter);
            Assert.True(result.Elapsed < TimeSpan.FromSeconds(8), $"took {result.Elapsed}");
        }

        // Only the rate-limited one is left: its 429 with its Retry-After, after waiting it out within the deadline.
        await bench.WaitForCircuitAsync("unavailable", "open", Within, Ct);
        await bench.WaitForCircuitAsync("slow", "open", Within, Ct);
        var limited = await bench.ChatAsync(stream: true, Ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.Status);
        Assert.Equal(TimeSpan.FromSeconds(1), limited.RetryAfter);
        AssertOpenAIError(limited);

        // Every circuit open: 503 backend_unavailable with Retry-After, in each client's own shape.
        using (var force = await bench.Http.PostAsync("/admin/backends/limited/circuit",
            new StringContent("""{"state":"open"}""", new MediaTypeHeaderValue("application/json")), Ct))
        {
            Assert.Equal(HttpStatusCode.OK, force.StatusCode);
        }
        var none = await bench.ChatAsync(stream: true, Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, none.Status);
        Assert.NotNull(none.RetryAfter);
        Assert.Equal("backend_unavailable", AssertOpenAIError(none).GetProperty("code").GetString());

        using var anthropic = await bench.Http.PostAsync("/v1/messages", new StringContent(
            """{"model":"m","max_tokens":16,"stream":true,"messages":[{"role":"user","content":"hi"}]}""",
            new MediaTypeHeaderValue("application/json")), Ct);
        Assert.True((int)anthropic.StatusCode >= 500, $"status {anthropic.StatusCode}");
        Assert.NotNull(anthropic.Headers.RetryAfter);
        using var doc = JsonDocument.Parse(await anthropic.Content.ReadAsStringAsync(Ct));
        Assert.Equal("error", doc.RootElement.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.String, doc.RootElement.GetProperty("error").GetProperty("message").ValueKind);
    }

    private static async Task AssertServedAsync(FaultBench bench, bool stream)
    {
        var result = await bench.ChatAsync(stream, Ct);
        Assert.True(result.Ok, $"{(stream ? "streaming" : "non-streaming")} request: {(int)result.Status} {result.Body}");
        Assert.Equal("still there?", result.Text);
    }

    private static JsonElement AssertOpenAIError(ClientResult result)
    {
        Assert.Equal("application/json", result.ContentType);
        using var doc = JsonDocument.Parse(result.Body);
        var error = doc.RootElement.GetProperty("error");
        Assert.Equal(JsonValueKind.String, error.GetProperty("message").ValueKind);
        return error.Clone();
    }
}
