using System.Text;
using System.Text.Json;
using Louter.Streams.Canonical;
using Louter.Streams.Errors;
using Louter.Streams.Pipeline;
using Louter.Streams.Protocols.Gemini;
using Louter.Streams.Sse;
using Louter.Tests.Support;
using Xunit;
using static Louter.Tests.Streams.Gemini.GeminiTestSupport;

namespace Louter.Tests.Streams.Gemini;

public sealed class GeminiPassThroughTests
{
    private static readonly GeminiFrontend Frontend = GeminiFrontend.Instance;
    private static readonly byte[] Body = Utf8("""{"contents":[{"parts":[{"text":"hi"}]}]}""");

    /// <summary>Relays an SSE body as the backend stage would: Head, one Event per SSE event, End.</summary>
    private static async Task<(List<ClientFrame> Frames, Exchange Exchange)> RelayAsync(byte[] upstream, bool jsonArray)
    {
        var exchange = Decoded(Body, stream: true, jsonArray: jsonArray);
        var frames = new List<ClientFrame>();
        void Add(ClientFrame? frame) { if (frame is { } f) frames.Add(f); }

        Add(Frontend.PassThrough(new BackendFrame(exchange, BackendFrameKind.Head) { ContentType = "text/event-stream" }));
        await using var reader = new SseReader(new MemoryStream(upstream));
        while (await reader.ReadAsync(TestContext.Current.CancellationToken) is { } ev)
            Add(Frontend.PassThrough(new BackendFrame(exchange, BackendFrameKind.Event) { Data = ev.Data }));
        Add(Frontend.PassThrough(new BackendFrame(exchange, BackendFrameKind.End)));
        return (frames, exchange);
    }

    private static string DataOf(IEnumerable<ClientFrame> frames) =>
        string.Concat(frames.Where(f => f.Kind == ClientFrameKind.Data).Select(f => Encoding.UTF8.GetString(f.Data.Span)));

    [Fact]
    public async Task Sse_EventsAreRelayedUnchanged_AndUsageIsRecordedInTheCanonicalConvention()
    {
        var upstream = Fixtures.Bytes(FunctionCallingResponse1);
        var (frames, exchange) = await RelayAsync(upstream, jsonArray: false);

        Assert.Equal((ClientFrameKind.Head, 200, "text/event-stream; charset=utf-8"), (frames[0].Kind, frames[0].Status, frames[0].ContentType));
        Assert.Contains(new KeyValuePair<string, string>("x-accel-buffering", "no"), frames[0].Headers);
        Assert.Equal(3, frames.Count); // head + two events; a finished SSE stream needs nothing at the end
        Assert.Equal(Encoding.UTF8.GetString(upstream), DataOf(frames));
        Assert.Equal(new TokenUsage(138, 15), exchange.Usage);
    }

    [Fact]
    public async Task JsonArray_EventsBecomeElementsOfOneArray()
    {
        var (frames, exchange) = await RelayAsync(Fixtures.Bytes(FunctionCallingResponse1), jsonArray: true);

        Assert.Equal("application/json; charset=utf-8", frames[0].ContentType);
        using var array = JsonDocument.Parse(DataOf(frames));
        Assert.Equal(2, array.RootElement.GetArrayLength());
        Assert.Equal("STOP", array.RootElement[1].GetProperty("candidates")[0].GetProperty("finishReason").GetString());
        Assert.Equal(138, exchange.Usage!.Input);
    }

    [Fact]
    public async Task JsonArray_RelayOfTheRecordedLongStream_ParsesBackToTheSameChunks()
    {
        var upstream = Fixtures.Bytes(StreamingLongSse);
        var (frames, _) = await RelayAsync(upstream, jsonArray: true);

        using var array = JsonDocument.Parse(DataOf(frames));
        Assert.Equal(123, array.RootElement.GetArrayLength());
        var reencoded = await DecodeArrayAsync(Encoding.UTF8.GetBytes(DataOf(frames)));
        Assert.Equal(Lines(await DecodeSseAsync(upstream)), Lines(reencoded));
    }

    [Fact]
    public async Task Sse_StreamCutOffBeforeFinishReason_EndsWithAnErrorFrame()
    {
        var (frames, exchange) = await RelayAsync(Authored("cut_off_stream.txt"), jsonArray: false);

        var last = frames[^1];
        Assert.Equal(ClientFrameKind.Error, last.Kind);
        Assert.Equal(GatewayErrorKind.BadGateway, last.Error!.Kind);
        Assert.Contains("closed the stream before it finished", last.Error.Message, StringComparison.Ordinal);
        Assert.Equal(UpstreamOutcome.ProtocolError, exchange.Outcome);
    }

    [Fact]
    public async Task JsonArray_StreamCutOff_EndsWithAnErrorElementAndAClosedArray()
    {
        var (frames, exchange) = await RelayAsync(Authored("cut_off_stream.txt"), jsonArray: true);

        using var array = JsonDocument.Parse(DataOf(frames));
        Assert.Equal(2, array.RootElement.GetArrayLength());
        Assert.Equal("INTERNAL", array.RootElement[1].GetProperty("error").GetProperty("status").GetString());
        Assert.Equal(GatewayErrorKind.BadGateway, exchange.Error!.Kind);
    }

    [Fact]
    public async Task BlockedPrompt_IsAFinishedStream()
    {
        var upstream = AsSseEvent(Authored("blocked_prompt.json"));

        var (frames, exchange) = await RelayAsync(upstream, jsonArray: false);

        Assert.DoesNotContain(frames, f => f.Kind == ClientFrameKind.Error);
        Assert.Equal(9, exchange.Usage!.Input);
    }

    [Fact]
    public async Task UpstreamErrorChunk_IsRelayedAsTheStreamsEnd()
    {
        var upstream = AsSseEvent(Authored("error_429.json"));

        var (frames, exchange) = await RelayAsync(upstream, jsonArray: false);

        Assert.DoesNotContain(frames, f => f.Kind == ClientFrameKind.Error);
        Assert.Contains("RESOURCE_EXHAUSTED", DataOf(frames), StringComparison.Ordinal);
        Assert.Equal(UpstreamOutcome.ServerError, exchange.Outcome);
    }

    [Fact]
    public void NonStreamedBody_IsRelayedAsIsWithUsage()
    {
        var exchange = Decoded(Body);
        var body = Fixtures.Bytes(TextResponse);

        var head = Frontend.PassThrough(new BackendFrame(exchange, BackendFrameKind.Head))!;
        var data = Frontend.PassThrough(new BackendFrame(exchange, BackendFrameKind.Body) { Data = body })!;

        Assert.Equal("application/json; charset=utf-8", head.ContentType);
        Assert.Equal(body, data.Data.ToArray());
        Assert.Equal(new TokenUsage(3, 19) { Reasoning = 17 }, exchange.Usage);
    }

    [Fact]
    public void ErrorBeforeAnythingWasWritten_IsLeftToTheGraphAsAnHttpError()
    {
        var exchange = Decoded(Body, stream: true, jsonArray: true);
        var error = new GatewayError(GatewayErrorKind.RateLimited, "slow down");

        var frame = Frontend.PassThrough(BackendFrame.Fail(exchange, error))!;

        Assert.Equal((ClientFrameKind.Error, error), (frame.Kind, frame.Error));
    }

    [Fact]
    public void JsonArray_EmptyFinishedStream_IsAnEmptyArray()
    {
        var exchange = Decoded(Body, stream: true, jsonArray: true);
        Frontend.PassThrough(new BackendFrame(exchange, BackendFrameKind.Event) { Data = Utf8("""{"candidates":[{"finishReason":"STOP"}]}""") });

        var end = Frontend.PassThrough(new BackendFrame(exchange, BackendFrameKind.End))!;

        Assert.Equal("]", Encoding.UTF8.GetString(end.Data.Span));
    }
}
