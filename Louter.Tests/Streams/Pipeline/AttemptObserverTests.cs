using System.Collections.Concurrent;
using System.Net;
using Louter.Streams.Errors;
using Louter.Streams.Routing;
using Louter.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Louter.Tests.Streams.Pipeline;

/// <summary>Every attempt on a backend is told to the observer once: when it is sent, and how it ended.</summary>
public sealed class AttemptObserverTests(ActorSystemFixture akka) : IClassFixture<ActorSystemFixture>
{
    private static readonly BackendDescriptor Upstream = new() { Name = "up", BaseUrl = new Uri("http://upstream.test/v1"), Timeout = TimeSpan.FromSeconds(5) };

    private const string Chat = """{"model":"m","messages":[{"role":"user","content":"hi"}]}""";
    private const string StreamingChat = """{"model":"m","stream":true,"messages":[{"role":"user","content":"hi"}]}""";

    private sealed class Recording : IAttemptObserver
    {
        public ConcurrentQueue<string> Calls { get; } = new();

        public void Started(string backend) => Calls.Enqueue($"start {backend}");

        public void Finished(string backend, UpstreamOutcome outcome, TimeSpan elapsed, TimeSpan? timeToFirstByte) =>
            Calls.Enqueue($"end {backend} {outcome} head={(timeToFirstByte is null ? "no" : "yes")}");
    }

    private async Task<List<string>> RunAsync(StubHttpHandler handler, string body)
    {
        using var harness = new GraphHarness(akka.Materializer, new FakeTimeProvider(), handler, Upstream);
        var observer = new Recording();
        harness.Transports.Observer = observer;
        await harness.RunAsync(body);
        return [.. observer.Calls];
    }

    [Fact]
    public async Task Success_IsStartedThenFinishedWithAHead()
    {
        var handler = StubHttpHandler.Answering(_ => StubHttpHandler.Json(HttpStatusCode.OK,
            """{"id":"x","object":"chat.completion","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"hey"},"finish_reason":"stop"}]}"""));

        Assert.Equal(["start up", "end up Success head=yes"], await RunAsync(handler, Chat));
    }

    [Fact]
    public async Task StreamedSuccess_IsReportedAtTheEndOfTheStream()
    {
        var handler = StubHttpHandler.Answering(_ => StubHttpHandler.EventStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(
            """data: {"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"hey"},"finish_reason":"stop"}]}""" + "\n\ndata: [DONE]\n\n"))));

        Assert.Equal(["start up", "end up Success head=yes"], await RunAsync(handler, StreamingChat));
    }

    [Theory]
    [InlineData(503, "Overloaded")]
    [InlineData(500, "ServerError")]
    [InlineData(429, "RateLimited")]
    [InlineData(400, "ClientError")]
    public async Task UpstreamStatus_IsReportedWithItsOutcome(int status, string outcome)
    {
        var handler = StubHttpHandler.Answering(_ => StubHttpHandler.Json((HttpStatusCode)status, """{"error":{"message":"no","type":"x","param":null,"code":null}}"""));

        Assert.Equal(["start up", $"end up {outcome} head=no"], await RunAsync(handler, Chat));
    }

    [Fact]
    public async Task RefusedConnection_IsAConnectFailure()
    {
        var handler = StubHttpHandler.Answering(_ => throw new HttpRequestException(HttpRequestError.ConnectionError, "refused",
            new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused)));

        Assert.Equal(["start up", "end up ConnectFailed head=no"], await RunAsync(handler, Chat));
    }
}
