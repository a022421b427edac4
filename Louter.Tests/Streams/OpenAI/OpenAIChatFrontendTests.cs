using System.Text;
using Louter.Streams.Classification;
using Louter.Streams.Errors;
using Louter.Streams.Pipeline;
using Louter.Streams.Protocols.OpenAI;
using Louter.Tests.Support;
using Xunit;

namespace Louter.Tests.Streams.OpenAI;

public sealed class OpenAIChatFrontendTests
{
    private static readonly OpenAIChatFrontend Frontend = OpenAIChatFrontend.Instance;

    private static readonly byte[] UsageOnlyChunk = Encoding.UTF8.GetBytes(
        """{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":3,"total_tokens":12,"prompt_tokens_details":{"cached_tokens":4},"completion_tokens_details":{"reasoning_tokens":1}}}""");

    private static readonly byte[] ContentChunk = Encoding.UTF8.GetBytes(
        """{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"hi \u00e9"},"logprobs":null,"finish_reason":null}],"obfuscation":"x1"}""");

    private static Exchange Decoded(string body)
    {
        var exchange = new Exchange("req-1", Encoding.UTF8.GetBytes(body), new RecordingResponseChannel(), 0, CancellationToken.None);
        Frontend.Decode(exchange);
        Assert.Null(exchange.Error);
        return exchange;
    }

    private static Exchange Streaming(bool clientWantsUsage) => Decoded(clientWantsUsage
        ? """{"model":"m","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"hi"}]}"""
        : """{"model":"m","stream":true,"messages":[{"role":"user","content":"hi"}]}""");

    private static ClientFrame? Event(Exchange exchange, byte[] data) =>
        Frontend.PassThrough(new BackendFrame(exchange, BackendFrameKind.Event) { Data = data });

    private static byte[] Framed(byte[] data) => [.. "data: "u8, .. data, .. "\n\n"u8];

    [Fact]
    public void Decode_ValidBody_SetsModelStreamAndUsageWish()
    {
        var exchange = Streaming(clientWantsUsage: true);

        var request = Assert.IsType<OpenAIChatDecoded>(exchange.Request);
        Assert.Equal("m", request.Model);
        Assert.True(request.Stream);
        Assert.True(request.ClientWantsStreamUsage);
        Assert.False(Streaming(clientWantsUsage: false).Request!.ClientWantsStreamUsage);
    }

    [Fact]
    public void Decode_InvalidBody_SetsErrorAndNoRequest()
    {
        var exchange = new Exchange("req-1", "{\"model\":\"m\"}"u8.ToArray(), new RecordingResponseChannel(), 0, CancellationToken.None);

        Frontend.Decode(exchange);

        Assert.Null(exchange.Request);
        Assert.Equal("messages", exchange.Error!.Param);
    }

    [Fact]
    public void Classify_StreamingRequestWithImageAndTools_NamesEachNeed()
    {
        var exchange = Decoded("""
            {"model":"m","stream":true,"tools":[{"type":"function","function":{"name":"f"}}],
             "messages":[{"role":"user","content":[{"type":"text","text":"what is this"},{"type":"image_url","image_url":{"url":"https://x/y.png"}}]}]}
            """);

        var needs = Frontend.Classify(exchange.Request!);

        Assert.Equal(RequestNeeds.Text | RequestNeeds.Vision | RequestNeeds.FunctionCalling | RequestNeeds.Stream, needs);
    }

    [Fact]
    public void Translate_UsageOnlyChunkClientDidNotAskFor_IsDroppedButUsageIsRecorded()
    {
        var exchange = Streaming(clientWantsUsage: false);

        var frame = Event(exchange, UsageOnlyChunk);

        Assert.Null(frame);
        Assert.NotNull(exchange.Usage);
        Assert.Equal(9, exchange.Usage.Input);
        Assert.Equal(3, exchange.Usage.Output);
        Assert.Equal(4, exchange.Usage.CacheRead);
        Assert.Equal(1, exchange.Usage.Reasoning);
    }

    [Fact]
    public void Translate_UsageOnlyChunkClientAskedFor_IsRelayedAndUsageIsRecorded()
    {
        var exchange = Streaming(clientWantsUsage: true);

        var frame = Event(exchange, UsageOnlyChunk);

        Assert.NotNull(frame);
        Assert.Equal(Framed(UsageOnlyChunk), frame.Data.ToArray());
        Assert.Equal(12, exchange.Usage!.Total);
    }

    [Fact]
    public void Translate_ChunkWithChoicesAndUsage_IsAlwaysRelayed()
    {
        // Some servers put usage on the last content chunk instead of a separate one: that chunk
        // carries model output and must reach the client.
        var exchange = Streaming(clientWantsUsage: false);
        var chunk = Encoding.UTF8.GetBytes("""{"id":"c1","choices":[{"index":0,"delta":{"content":"!"},"finish_reason":"stop"}],"usage":{"prompt_tokens":2,"completion_tokens":1,"total_tokens":3}}""");

        var frame = Event(exchange, chunk);

        Assert.NotNull(frame);
        Assert.Equal(Framed(chunk), frame.Data.ToArray());
        Assert.Equal(3, exchange.Usage!.Total);
    }

    [Fact]
    public void Translate_ContentChunk_IsRelayedByteIdenticalAsADataEvent()
    {
        var exchange = Streaming(clientWantsUsage: false);

        var frame = Event(exchange, ContentChunk);

        Assert.NotNull(frame);
        Assert.Equal(ClientFrameKind.Data, frame.Kind);
        Assert.Equal(Framed(ContentChunk), frame.Data.ToArray());
        Assert.Null(exchange.Usage);
    }

    [Fact]
    public void Translate_Done_IsRelayed()
    {
        var exchange = Streaming(clientWantsUsage: false);

        var frame = Event(exchange, "[DONE]"u8.ToArray());

        Assert.Equal("data: [DONE]\n\n"u8.ToArray(), frame!.Data.ToArray());
    }

    [Fact]
    public void Translate_InStreamErrorChunk_IsRelayedAndMarksTheOutcome()
    {
        var exchange = Streaming(clientWantsUsage: false);
        var chunk = Encoding.UTF8.GetBytes("""{"error":{"message":"The server had an error","type":"server_error","param":null,"code":null}}""");

        var frame = Event(exchange, chunk);

        Assert.Equal(Framed(chunk), frame!.Data.ToArray());
        Assert.Equal(UpstreamOutcome.ServerError, exchange.Outcome);
    }

    [Fact]
    public void Translate_ChunkMentioningUsageButNotJson_IsRelayedUntouched()
    {
        var exchange = Streaming(clientWantsUsage: false);
        var data = Encoding.UTF8.GetBytes("not json but says \"usage\"");

        var frame = Event(exchange, data);

        Assert.Equal(Framed(data), frame!.Data.ToArray());
    }

    [Fact]
    public void Translate_Body_IsRelayedAsIsAndSetsUsage()
    {
        var exchange = Decoded("""{"model":"m","messages":[{"role":"user","content":"hi"}]}""");
        var body = Encoding.UTF8.GetBytes("""{"id":"c","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":1,"total_tokens":6}}""");

        var frame = Frontend.PassThrough(new BackendFrame(exchange, BackendFrameKind.Body) { Data = body });

        Assert.Equal(ClientFrameKind.Data, frame!.Kind);
        Assert.Equal(body, frame.Data.ToArray());
        Assert.Equal(5, exchange.Usage!.Input);
        Assert.Equal(1, exchange.Usage.Output);
    }

    [Fact]
    public void Translate_StreamingHead_IsSseWithNoBufferingAndPassedHeaders()
    {
        var exchange = Streaming(clientWantsUsage: false);

        var frame = Frontend.PassThrough(new BackendFrame(exchange, BackendFrameKind.Head) { Headers = [new("x-ratelimit-remaining-requests", "7")] })!;

        Assert.Equal(ClientFrameKind.Head, frame.Kind);
        Assert.Equal(200, frame.Status);
        Assert.Equal("text/event-stream; charset=utf-8", frame.ContentType);
        Assert.Contains(new KeyValuePair<string, string>("x-ratelimit-remaining-requests", "7"), frame.Headers);
        Assert.Contains(new KeyValuePair<string, string>("cache-control", "no-cache"), frame.Headers);
        Assert.Contains(new KeyValuePair<string, string>("x-accel-buffering", "no"), frame.Headers);
    }

    [Fact]
    public void Translate_NonStreamingHead_IsJson()
    {
        var exchange = Decoded("""{"model":"m","messages":[{"role":"user","content":"hi"}]}""");

        var frame = Frontend.PassThrough(new BackendFrame(exchange, BackendFrameKind.Head))!;

        Assert.Equal(200, frame.Status);
        Assert.Equal("application/json", frame.ContentType);
        Assert.Empty(frame.Headers);
    }

    [Fact]
    public void Translate_ErrorFrame_CarriesTheErrorThrough()
    {
        var exchange = Streaming(clientWantsUsage: false);
        var error = new GatewayError(GatewayErrorKind.BadGateway, "broke");

        var frame = Frontend.PassThrough(BackendFrame.Fail(exchange, error))!;

        Assert.Equal(ClientFrameKind.Error, frame.Kind);
        Assert.Same(error, frame.Error);
    }

    [Theory]
    [InlineData("""{"choices":[],"usage":{"prompt_tokens":1}}""", true)]
    [InlineData("""{"choices":[{"index":0}],"usage":null}""", false)]
    [InlineData("""{"choices":[{"index":0}],"usage" : null ,"x":1}""", false)]
    [InlineData("""{"choices":[{"delta":{"content":"usage"}}],"usage":null}""", false)]
    [InlineData("""{"choices":[{"delta":{"content":"the usage\":{"}}],"usage":null}""", false)]
    [InlineData("""{"choices":[{"delta":{"content":"usage"}}],"usage":{"total_tokens":4}}""", true)]
    [InlineData("""{"choices":[]}""", false)]
    public void MayHold_OnlyAKeyWithANonNullValue_IsWorthParsing(string json, bool expected)
    {
        Assert.Equal(expected, OpenAIChatFrontend.MayHold(Encoding.UTF8.GetBytes(json), "usage\""u8));
    }

    [Fact]
    public void Observe_ChunksWithNullUsage_AreRelayed_TheUsageChunkIsRead()
    {
        var exchange = Streaming(clientWantsUsage: false);

        Assert.True(Frontend.Observe(exchange, null, """{"id":"c","choices":[{"index":0,"delta":{"content":"x"}}],"usage":null}"""u8));
        Assert.Null(exchange.Usage);
        Assert.False(Frontend.Observe(exchange, null, """{"id":"c","choices":[],"usage":{"prompt_tokens":2,"completion_tokens":3,"total_tokens":5}}"""u8));
        Assert.Equal(5, exchange.Usage!.Total);
    }
}
