using System.Text;
using Louter.Streams.Classification;
using Louter.Streams.Errors;
using Louter.Streams.Pipeline;
using Louter.Streams.Protocols.Responses;
using Louter.Streams.Routing;
using Xunit;
using static Louter.Tests.Streams.Responses.Frontend.ResponsesFrontendSupport;

namespace Louter.Tests.Streams.Responses.Frontend;

/// <summary>The frontend itself: its name, classification, and the same-protocol pass-through that relays a Responses upstream.</summary>
public sealed class ResponsesFrontendTests
{
    private static readonly ResponsesFrontend Frontend = ResponsesFrontend.Instance;

    private static Exchange Decoding(string body, IResponseStore? store = null)
    {
        var exchange = Exchange(body, store);
        Decoded(exchange);
        exchange.Target = new RouteCandidate(new BackendDescriptor { Name = "oai", Protocol = BackendProtocol.OpenAIResponses }, "gpt-up");
        return exchange;
    }

    [Fact]
    public void Frontend_IsNamedResponsesAndSpeaksTheResponsesProtocol()
    {
        Assert.Equal("responses", Frontend.Name);
        Assert.Equal(BackendProtocol.OpenAIResponses, Frontend.Protocol);
    }

    [Fact]
    public void Classify_ItemsToolsSchemaReasoningAndStream_NameEveryNeed()
    {
        var needs = Frontend.Classify(Decoded("""
            {"model":"m","stream":true,"reasoning":{"effort":"high"},"text":{"format":{"type":"json_schema","name":"x","schema":{"type":"object"}}},
             "input":[{"role":"user","content":[{"type":"input_image","image_url":"https://x/y.png"},{"type":"input_file","file_id":"f"},{"type":"input_audio","input_audio":{"data":"x"}}]},
                      {"type":"function_call_output","call_id":"c","output":"ok"}]}
            """));

        Assert.Equal(RequestNeeds.Text | RequestNeeds.Vision | RequestNeeds.Document | RequestNeeds.Audio | RequestNeeds.FunctionCalling
            | RequestNeeds.StructuredOutput | RequestNeeds.Reasoning | RequestNeeds.Stream, needs);
    }

    [Theory]
    [InlineData("""{"model":"m","input":"hi"}""", RequestNeeds.Text)]
    [InlineData("""{"model":"m","input":"hi","reasoning":{"effort":"none"}}""", RequestNeeds.Text)]
    [InlineData("""{"model":"m","input":"hi","tools":[{"type":"web_search"}]}""", RequestNeeds.Text | RequestNeeds.FunctionCalling)]
    [InlineData("""{"model":"m","input":"hi","text":{"format":{"type":"json_object"}}}""", RequestNeeds.Text | RequestNeeds.StructuredOutput)]
    public void Classify_PlainRequests_NeedOnlyWhatTheyUse(string body, RequestNeeds expected) =>
        Assert.Equal(expected, Frontend.Classify(Decoded(body)));

    [Fact]
    public void Classify_ImageInTheStoredHistory_StillNeedsVision()
    {
        var history = new List<Louter.Streams.Protocols.Responses.Wire.ResponseItem>
        {
            System.Text.Json.JsonSerializer.Deserialize("""{"role":"user","content":[{"type":"input_image","image_url":"https://x/y.png"}]}""", ResponsesJsonContext.Default.ResponseItem)!,
        };

        Assert.Equal(RequestNeeds.Text | RequestNeeds.Vision, Frontend.Classify(Decoded("""{"model":"m","previous_response_id":"resp_1","input":"and now?"}""", history)));
    }

    [Fact]
    public void PassThrough_CompletedEvent_IsRelayedAsItCameAndStoredUnderTheUpstreamsId()
    {
        var store = new MemoryResponseStore();
        var exchange = Decoding("""{"model":"m","stream":true,"previous_response_id":"resp_prev","input":"more"}""", store);
        var completed = """{"type":"response.completed","sequence_number":7,"response":{"id":"resp_up","object":"response","status":"completed","output":[{"type":"message","id":"msg_up","role":"assistant","content":[{"type":"output_text","text":"ok"}]}],"usage":{"input_tokens":11,"input_tokens_details":{"cached_tokens":5},"output_tokens":4,"output_tokens_details":{"reasoning_tokens":2},"total_tokens":15}}}""";

        var head = Frontend.PassThrough(new BackendFrame(exchange, BackendFrameKind.Head) { Headers = [new("x-request-id", "up")] })!;
        var frame = Frontend.PassThrough(new BackendFrame(exchange, BackendFrameKind.Event) { EventName = "response.completed", Data = Encoding.UTF8.GetBytes(completed) })!;

        Assert.Equal((200, "text/event-stream; charset=utf-8"), (head.Status, head.ContentType));
        Assert.Contains(new KeyValuePair<string, string>("x-request-id", "up"), head.Headers);
        Assert.Equal($"event: response.completed\ndata: {completed}\n\n", Encoding.UTF8.GetString(frame.Data.Span));
        Assert.Equal(new Louter.Streams.Canonical.TokenUsage(11, 4) { CacheRead = 5, Reasoning = 2 }, exchange.Usage);
        var saved = store.Saved["resp_up"];
        Assert.Equal("resp_prev", saved.PreviousResponseId);
        Assert.Equal("resp_prev", saved.ReadResponse().PreviousResponseId);
        Assert.Equal("more", Assert.Single(saved.ReadInput()).Content!.Text);
        Assert.Null(Frontend.PassThrough(new BackendFrame(exchange, BackendFrameKind.End) { Complete = true }));
    }

    [Fact]
    public void PassThrough_JsonBody_IsRelayedAndStoredUnlessStoreIsFalse()
    {
        var store = new MemoryResponseStore();
        var body = Encoding.UTF8.GetBytes("""{"id":"resp_json","object":"response","status":"completed","output":[],"usage":{"input_tokens":1,"output_tokens":2,"total_tokens":3}}""");

        var kept = Decoding("""{"model":"m","input":"a"}""", store);
        var frame = Frontend.PassThrough(new BackendFrame(kept, BackendFrameKind.Body) { Data = body })!;
        var skipped = Decoding("""{"model":"m","input":"b","store":false}""", store);
        Frontend.PassThrough(new BackendFrame(skipped, BackendFrameKind.Body) { Data = body });

        Assert.Equal(body, frame.Data.ToArray());
        Assert.Equal("application/json", Frontend.PassThrough(new BackendFrame(kept, BackendFrameKind.Head))!.ContentType);
        Assert.Equal(["resp_json"], store.Saved.Keys);
        Assert.Equal("a", Assert.Single(store.Saved["resp_json"].ReadInput()).Content!.Text);
        Assert.Equal(new Louter.Streams.Canonical.TokenUsage(1, 2), kept.Usage);
    }

    [Theory]
    [InlineData("rate_limit_exceeded", UpstreamOutcome.RateLimited)]
    [InlineData("server_is_overloaded", UpstreamOutcome.Overloaded)]
    [InlineData("server_error", UpstreamOutcome.ServerError)]
    public void PassThrough_ErrorEvent_SetsTheOutcome(string code, UpstreamOutcome outcome)
    {
        var exchange = Decoding("""{"model":"m","stream":true,"input":"x"}""");

        Frontend.PassThrough(new BackendFrame(exchange, BackendFrameKind.Event)
        {
            EventName = "error",
            Data = Encoding.UTF8.GetBytes($$"""{"type":"error","sequence_number":3,"code":"{{code}}","message":"m"}"""),
        });

        Assert.Equal(outcome, exchange.Outcome);
    }

    [Fact]
    public void PassThrough_UnparsableFinalEventOrBody_IsRelayedUntouched()
    {
        var exchange = Decoding("""{"model":"m","stream":true,"input":"x"}""", new MemoryResponseStore());
        var junk = Encoding.UTF8.GetBytes("{not json");

        var ev = Frontend.PassThrough(new BackendFrame(exchange, BackendFrameKind.Event) { EventName = "response.completed", Data = junk })!;
        var body = Frontend.PassThrough(new BackendFrame(exchange, BackendFrameKind.Body) { Data = junk })!;

        Assert.Equal("event: response.completed\ndata: {not json\n\n", Encoding.UTF8.GetString(ev.Data.Span));
        Assert.Equal(junk, body.Data.ToArray());
    }

    [Fact]
    public void PassThrough_StreamEndingEarly_IsABadGatewayNamingTheBackend()
    {
        var exchange = Decoding("""{"model":"m","stream":true,"input":"x"}""");

        var frame = Frontend.PassThrough(new BackendFrame(exchange, BackendFrameKind.End))!;

        Assert.Equal(ClientFrameKind.Error, frame.Kind);
        Assert.Equal((GatewayErrorKind.BadGateway, "Backend 'oai' closed the stream before it finished."), (frame.Error!.Kind, frame.Error.Message));
    }

    [Fact]
    public void RenderStreamError_IsResponsesErrorEvent()
    {
        var bytes = Frontend.RenderStreamError(new GatewayError(GatewayErrorKind.RateLimited, "Slow down."));

        Assert.Equal("event: error\ndata: {\"type\":\"error\",\"sequence_number\":0,\"code\":\"rate_limit_exceeded\",\"message\":\"Slow down.\"}\n\n", Encoding.UTF8.GetString(bytes));
    }
}
