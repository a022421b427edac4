using System.Net;
using Louter.Streams.Backends;
using Louter.Streams.Routing;
using Louter.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Louter.Tests.Streams.Pipeline;

/// <summary>
/// A half-open backend's trial permit, taken by routing, belongs to the request only if the request
/// reaches that backend: one served earlier in the failover order gives it back, so the next request
/// can be the trial instead of the node waiting a whole open_duration for a fresh half-open period.
/// </summary>
public sealed class HalfOpenTrialTests(ActorSystemFixture akka) : IClassFixture<ActorSystemFixture>
{
    private const string Chat = """{"model":"m","messages":[{"role":"user","content":"hi"}]}""";
    private const string Answer = """{"id":"x","object":"chat.completion","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}]}""";

    private static BackendDescriptor Backend(string host, int priority) =>
        new() { Name = host, BaseUrl = new Uri($"http://{host}.test/v1"), Priority = priority, Timeout = TimeSpan.FromSeconds(30) };

    private (GraphHarness Harness, ProbePermits Permits) HalfOpenSecond(StubHttpHandler handler)
    {
        var harness = new GraphHarness(akka.Materializer, new FakeTimeProvider(), handler, Backend("a", 1), Backend("b", 2));
        harness.Transports.Retry = new RetryPolicy { MaxAttempts = 3, Backoff = TimeSpan.Zero };
        var permits = new ProbePermits(1);
        harness.Routing.Apply("b", new BackendStatus(CircuitState.HalfOpen, Forced: false, Version: 2) { Up = false, Probes = permits });
        harness.Routing.MarkComplete();
        return (harness, permits);
    }

    [Fact]
    public async Task HalfOpenCandidate_NotReached_GivesItsTrialPermitBack()
    {
        var handler = StubHttpHandler.Answering(_ => StubHttpHandler.Json(HttpStatusCode.OK, Answer));
        var (harness, permits) = HalfOpenSecond(handler);
        using var _ = harness;

        var (exchange, client) = await harness.RunAsync(Chat);

        Assert.Equal(200, client.Status);
        Assert.Equal(["a", "b"], exchange.Route!.Candidates.Select(c => c.Backend.Name));
        Assert.Same(permits, exchange.Route.Candidates[1].Trial);
        Assert.Equal(["a.test"], handler.Received.Select(r => r.Uri.Host));
        Assert.Equal(1, permits.Available);
    }

    [Fact]
    public async Task HalfOpenCandidate_Reached_KeepsItsPermit_ForTheVerdict()
    {
        var handler = StubHttpHandler.Answering(r => r.Uri.Host == "a.test"
            ? StubHttpHandler.Json(HttpStatusCode.ServiceUnavailable, """{"error":{"message":"no","type":"x","param":null,"code":null}}""")
            : StubHttpHandler.Json(HttpStatusCode.OK, Answer));
        var (harness, permits) = HalfOpenSecond(handler);
        using var _ = harness;

        var (_, client) = await harness.RunAsync(Chat);

        Assert.Equal(200, client.Status);
        Assert.Equal(["a.test", "b.test"], handler.Received.Select(r => r.Uri.Host));
        Assert.Equal(0, permits.Available);
    }
}
