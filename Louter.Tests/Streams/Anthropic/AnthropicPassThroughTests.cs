using System.Text;
using Louter.Streams.Canonical;
using Louter.Streams.Errors;
using Louter.Streams.Pipeline;
using Louter.Streams.Protocols.Anthropic;
using Louter.Streams.Routing;
using Louter.Streams.Sse;
using Xunit;

namespace Louter.Tests.Streams.Anthropic;

public sealed class AnthropicPassThroughTests
{
    private static readonly AnthropicFrontend Frontend = AnthropicFrontend.Instance;

    private static Exchange Decoded(bool stream)
    {
        var exchange = AnthropicFixtures.Exchange($$"""{"model":"claude-x","max_tokens":100,"stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"hi"}]}""");
        Frontend.Decode(exchange);
        Assert.Null(exchange.Error);
        exchange.Target = new RouteCandidate(new BackendDescriptor { Name = "claude-upstream", Protocol = BackendProtocol.Anthropic }, "claude-x");
        return exchange;
    }

    private static ClientFrame? Relay(Exchange exchange, SseEvent ev) =>
        Frontend.PassThrough(new BackendFrame(exchange, BackendFrameKind.Event) { Data = ev.Data, EventName = ev.Event });

    [Fact]
    public void Head_Streaming_IsSseWithTheUpstreamHeadersAndNoCache()
    {
        var exchange = Decoded(stream: true);
        KeyValuePair<string, string>[] upstream = [new("anthropic-ratelimit-requests-remaining", "99")];

        var frame = Frontend.PassThrough(new BackendFrame(exchange, BackendFrameKind.Head) { Headers = upstream, ContentType = "text/event-stream" });

        Assert.Equal(ClientFrameKind.Head, frame!.Kind);
        Assert.Equal(200, frame.Status);
        Assert.Equal("text/event-stream; charset=utf-8", frame.ContentType);
        Assert.Contains(new KeyValuePair<string, string>("anthropic-ratelimit-requests-remaining", "99"), frame.Headers);
        Assert.Contains(new KeyValuePair<string, string>("cache-control", "no-cache"), frame.Headers);
    }

    [Fact]
    public void Head_NotStreaming_IsJson()
    {
        var frame = Frontend.PassThrough(new BackendFrame(Decoded(stream: false), BackendFrameKind.Head));

        Assert.Equal("application/json", frame!.ContentType);
        Assert.DoesNotContain(frame.Headers, h => h.Key == "cache-control");
    }

    [Fact]
    public async Task Events_AreReframedByteForByte_AndTheWholeStreamComesOutAsItWentIn()
    {
        var exchange = Decoded(stream: true);
        var bytes = AnthropicFixtures.Bytes(AnthropicFixtures.StreamToolUse);

        var relayed = new List<byte>();
        foreach (var ev in await AnthropicFixtures.ReadEventsAsync(bytes))
            relayed.AddRange(Relay(exchange, ev)!.Data.ToArray());

        Assert.Equal(Encoding.UTF8.GetString(bytes), Encoding.UTF8.GetString([.. relayed]));
    }

    [Fact]
    public void Event_WithMultiLineDataOrNoName_IsFramedAsReceived()
    {
        var exchange = Decoded(stream: true);

        var frame = Relay(exchange, new SseEvent(null, "{\"a\":\n1}"u8.ToArray()));

        Assert.Equal("data: {\"a\":\ndata: 1}\n\n", Encoding.UTF8.GetString(frame!.Data.Span));
    }

    [Fact]
    public async Task Events_UsageFromMessageStartAndMessageDelta_IsRecordedInTheCanonicalConvention()
    {
        var exchange = Decoded(stream: true);
        var events = await AnthropicFixtures.ReadEventsAsync(AnthropicFixtures.Bytes(AnthropicFixtures.StreamText));

        Relay(exchange, events[0]);
        Assert.Equal(new TokenUsage(2125, 1) { CacheRead = 2000, CacheWrite = 100 }, exchange.Usage);
        foreach (var ev in events.Skip(1)) Relay(exchange, ev);

        // message_delta's output_tokens (15) replaces message_start's (1); its missing input fields keep theirs.
        Assert.Equal(new TokenUsage(2125, 15) { CacheRead = 2000, CacheWrite = 100 }, exchange.Usage);
    }

    [Fact]
    public void Event_ErrorFromUpstream_IsRelayedAndMarksTheOutcome()
    {
        var exchange = Decoded(stream: true);

        var frame = Relay(exchange, new SseEvent("error", """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"""u8.ToArray()));

        Assert.Equal(ClientFrameKind.Data, frame!.Kind);
        Assert.Equal(UpstreamOutcome.Overloaded, exchange.Outcome);
    }

    [Fact]
    public void Body_IsRelayedAsIs_AndItsUsageRecorded()
    {
        var exchange = Decoded(stream: false);
        var body = AnthropicFixtures.Bytes(AnthropicFixtures.ResponseText);

        var frame = Frontend.PassThrough(new BackendFrame(exchange, BackendFrameKind.Body) { Data = body });

        Assert.Equal(body, frame!.Data.ToArray());
        Assert.Equal(new TokenUsage(7095, 503) { CacheRead = 4000, CacheWrite = 1000 }, exchange.Usage);
    }

    [Fact]
    public void End_AfterMessageStop_IsNothingMore()
    {
        Assert.Null(Frontend.PassThrough(new BackendFrame(Decoded(stream: true), BackendFrameKind.End) { Complete = true }));
    }

    [Fact]
    public void End_BeforeMessageStop_IsABadGatewayErrorFrame()
    {
        var frame = Frontend.PassThrough(new BackendFrame(Decoded(stream: true), BackendFrameKind.End) { Complete = false });

        Assert.Equal(ClientFrameKind.Error, frame!.Kind);
        Assert.Equal(GatewayErrorKind.BadGateway, frame.Error!.Kind);
        Assert.Equal("Backend 'claude-upstream' closed the stream before it finished.", frame.Error.Message);
    }

    [Fact]
    public void ErrorFrame_IsPassedOnForTheGraphToRender()
    {
        var error = new GatewayError(GatewayErrorKind.GatewayTimeout, "slow");

        var frame = Frontend.PassThrough(BackendFrame.Fail(Decoded(stream: true), error));

        Assert.Equal(ClientFrameKind.Error, frame!.Kind);
        Assert.Same(error, frame.Error);
    }
}
