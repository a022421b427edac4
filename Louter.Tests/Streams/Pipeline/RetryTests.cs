using System.Net;
using Louter.Streams.Backends;
using Louter.Streams.Errors;
using Louter.Streams.Routing;
using Louter.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Louter.Tests.Streams.Pipeline;

/// <summary>
/// Retries and failover: an attempt that failed before the client saw anything moves to the next
/// candidate (never the one that just failed, unless it is the only one), within max_attempts and
/// the deadline, honouring Retry-After when it retries the same backend.
/// </summary>
public sealed class RetryTests(ActorSystemFixture akka) : IClassFixture<ActorSystemFixture>
{
    private const string Chat = """{"model":"m","messages":[{"role":"user","content":"hi"}]}""";
    private const string StreamingChat = """{"model":"m","stream":true,"messages":[{"role":"user","content":"hi"}]}""";
    private const string Answer = """{"id":"x","object":"chat.completion","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"from HOST"},"finish_reason":"stop"}]}""";

    private static readonly RetryPolicy NoWait = new() { MaxAttempts = 3, Backoff = TimeSpan.Zero };

    private static BackendDescriptor Backend(string host, int priority = 1) =>
        new() { Name = host, BaseUrl = new Uri($"http://{host}.test/v1"), Priority = priority, Timeout = TimeSpan.FromSeconds(30) };

    private static HttpResponseMessage Ok(ReceivedRequest r) => StubHttpHandler.Json(HttpStatusCode.OK, Answer.Replace("HOST", r.Uri.Host, StringComparison.Ordinal));

    private static HttpResponseMessage Status(int status, params (string, string)[] headers) =>
        StubHttpHandler.Json((HttpStatusCode)status, """{"error":{"message":"upstream says no","type":"x","param":null,"code":null}}""", headers);

    private static HttpResponseMessage Refused() => throw new HttpRequestException(HttpRequestError.ConnectionError, "refused",
        new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused));

    private GraphHarness Harness(StubHttpHandler handler, RetryPolicy policy, TimeProvider? time = null, params BackendDescriptor[] backends)
    {
        var harness = new GraphHarness(akka.Materializer, time ?? new FakeTimeProvider(), handler, backends);
        harness.Transports.Retry = policy;
        return harness;
    }

    private static string[] Hosts(StubHttpHandler handler) => [.. handler.Received.Select(r => r.Uri.Host)];

    [Theory]
    [InlineData(503)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(429)]
    [InlineData(529)]
    public async Task RetryableStatus_FailsOverToTheNextBackend(int status)
    {
        var handler = StubHttpHandler.Answering(r => r.Uri.Host == "a.test" ? Status(status) : Ok(r));
        using var harness = Harness(handler, NoWait, null, Backend("a"), Backend("b"));

        var (exchange, client) = await harness.RunAsync(Chat);

        Assert.Equal(200, client.Status);
        Assert.Contains("from b.test", client.BodyText, StringComparison.Ordinal);
        Assert.Equal(["a.test", "b.test"], Hosts(handler));
        Assert.Equal(2, exchange.Attempts);
        Assert.Equal("b", exchange.Target!.Backend.Name);
        Assert.Contains(exchange.Warnings, w => w.Contains($"HTTP {status}", StringComparison.Ordinal) && w.Contains("trying 'b'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RefusedConnection_FailsOver()
    {
        var handler = StubHttpHandler.Answering(r => r.Uri.Host == "a.test" ? Refused() : Ok(r));
        using var harness = Harness(handler, NoWait, null, Backend("a"), Backend("b"));

        var (exchange, client) = await harness.RunAsync(Chat);

        Assert.Equal(200, client.Status);
        Assert.Equal(["a.test", "b.test"], Hosts(handler));
        Assert.Equal(UpstreamOutcome.Success, exchange.Outcome);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(404)]
    [InlineData(401)]
    public async Task ClientAndAuthErrors_AreNotRetried(int status)
    {
        var handler = StubHttpHandler.Answering(r => r.Uri.Host == "a.test" ? Status(status) : Ok(r));
        using var harness = Harness(handler, NoWait, null, Backend("a"), Backend("b"));

        var (exchange, client) = await harness.RunAsync(Chat);

        Assert.NotEqual(200, client.Status);
        Assert.Equal(["a.test"], Hosts(handler));
        Assert.Equal(1, exchange.Attempts);
    }

    [Fact]
    public async Task StatusNotInRetryOn_IsNotRetried()
    {
        var handler = StubHttpHandler.Answering(r => r.Uri.Host == "a.test" ? Status(500) : Ok(r));
        using var harness = Harness(handler, NoWait with { RetryOn = new HashSet<int> { 503 } }, null, Backend("a"), Backend("b"));

        var (_, client) = await harness.RunAsync(Chat);

        Assert.Equal(502, client.Status);
        Assert.Equal(["a.test"], Hosts(handler));
    }

    [Fact]
    public async Task MaxAttempts_BoundsTheTries_AndTheLastErrorIsAnswered()
    {
        var handler = StubHttpHandler.Answering(r => Status(503));
        using var harness = Harness(handler, NoWait with { MaxAttempts = 2 }, null, Backend("a"), Backend("b"), Backend("c"));

        var (exchange, client) = await harness.RunAsync(Chat);

        Assert.Equal(503, client.Status);
        Assert.Equal(["a.test", "b.test"], Hosts(handler));
        Assert.Equal(2, exchange.Attempts);
    }

    [Fact]
    public async Task EveryCandidateFailed_NoBackendIsTriedTwice()
    {
        var handler = StubHttpHandler.Answering(r => Status(503));
        using var harness = Harness(handler, NoWait with { MaxAttempts = 5 }, null, Backend("a"), Backend("b"));

        var (_, client) = await harness.RunAsync(Chat);

        Assert.Equal(503, client.Status);
        Assert.Equal(["a.test", "b.test"], Hosts(handler));
    }

    [Fact]
    public async Task OnlyCandidate_IsRetried_AfterItsRetryAfter()
    {
        var time = new FakeTimeProvider();
        var calls = 0;
        var handler = StubHttpHandler.Answering(r => Interlocked.Increment(ref calls) == 1 ? Status(429, ("retry-after", "2")) : Ok(r));
        using var harness = Harness(handler, NoWait, time, Backend("a"));

        var (exchange, client, run) = harness.Start(Chat, CancellationToken.None);
        await Until(() => handler.Received.Count == 1);
        // The retry waits for the Retry-After: nothing more is sent until the clock has moved 2 s.
        var advanced = TimeSpan.Zero;
        while (handler.Received.Count < 2 && advanced < TimeSpan.FromSeconds(10))
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            advanced += TimeSpan.FromMilliseconds(100);
            await Until(() => handler.Received.Count == 2, TimeSpan.FromMilliseconds(20));
        }
        await run.Within();
        Assert.InRange(advanced, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2.5));

        Assert.Equal(200, client.Status);
        Assert.Equal(["a.test", "a.test"], Hosts(handler));
        Assert.Equal(2, exchange.Attempts);
    }

    [Fact]
    public async Task RetryAfterBeyondTheDeadline_IsNotWaitedFor()
    {
        var handler = StubHttpHandler.Answering(r => Status(429, ("retry-after", "60")));
        using var harness = Harness(handler, NoWait with { Deadline = TimeSpan.FromSeconds(10) }, null, Backend("a"));

        var (exchange, client) = await harness.RunAsync(Chat);

        Assert.Equal(429, client.Status);
        Assert.Equal("60", client.Header("retry-after"));
        Assert.Single(handler.Received);
    }

    [Fact]
    public async Task FailoverToAnotherBackend_DoesNotWaitForTheFailedOnesRetryAfter()
    {
        var handler = StubHttpHandler.Answering(r => r.Uri.Host == "a.test" ? Status(429, ("retry-after", "60")) : Ok(r));
        using var harness = Harness(handler, NoWait, null, Backend("a"), Backend("b"));

        var (_, client) = await harness.RunAsync(Chat);

        Assert.Equal(200, client.Status);
        Assert.Equal(["a.test", "b.test"], Hosts(handler));
    }

    [Fact]
    public async Task StreamThatBrokeAfterItsHead_IsNotRetried()
    {
        var handler = StubHttpHandler.Answering(r => r.Uri.Host == "a.test"
            ? StubHttpHandler.EventStream(new MemoryStream("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"par\"},\"finish_reason\":null}]}\n\n"u8.ToArray()))
            : Ok(r));
        using var harness = Harness(handler, NoWait, null, Backend("a"), Backend("b"));

        var (exchange, client) = await harness.RunAsync(StreamingChat);

        Assert.Equal(200, client.Status);
        Assert.Contains("par", client.BodyText, StringComparison.Ordinal);
        Assert.Contains("closed the stream before it finished", client.BodyText, StringComparison.Ordinal);
        Assert.Equal(["a.test"], Hosts(handler));
        Assert.Equal(1, exchange.Attempts);
    }

    /// <summary>Waits (in real time, briefly) for a condition the graph makes true on another thread.</summary>
    private static async Task Until(Func<bool> condition, TimeSpan? within = null)
    {
        var start = TimeProvider.System.GetTimestamp();
        var limit = within ?? TimeSpan.FromSeconds(10);
        while (!condition() && TimeProvider.System.GetElapsedTime(start) < limit) await Task.Delay(2);
    }

    [Fact]
    public void Delay_GrowsExponentiallyWithFullJitter_UpToTheCap()
    {
        var policy = new RetryPolicy { Backoff = TimeSpan.FromMilliseconds(100), MaxBackoff = TimeSpan.FromMilliseconds(350), Random = () => 0.5 };

        Assert.Equal(TimeSpan.FromMilliseconds(50), policy.Delay(1));
        Assert.Equal(TimeSpan.FromMilliseconds(100), policy.Delay(2));
        Assert.Equal(TimeSpan.FromMilliseconds(175), policy.Delay(3));
        Assert.Equal(TimeSpan.FromMilliseconds(175), policy.Delay(9));
        Assert.Equal(TimeSpan.Zero, (policy with { Random = () => 0 }).Delay(3));
    }
}
