using System.Buffers;
using System.Text;
using System.Text.Json;
using Louter.Streams.Canonical;
using Louter.Streams.Errors;
using Louter.Streams.Pipeline;
using Louter.Streams.Protocols.Responses;
using Louter.Tests.Support;
using Xunit;

namespace Louter.Tests.Streams.Responses;

public sealed class ResponsesResponseEncoderTests
{
    private static ResponsesResponseEncoder StreamingEncoder()
    {
        var exchange = new Exchange("req_1", """{"model":"m","input":"hi","stream":true}"""u8.ToArray(), new RecordingResponseChannel(), 0, CancellationToken.None);
        ResponsesFrontend.Instance.Decode(exchange);
        return new ResponsesResponseEncoder(exchange);
    }

    /// <summary>The SSE body → the data of each event.</summary>
    private static List<JsonElement> Events(ArrayBufferWriter<byte> output) =>
    [
        .. Encoding.UTF8.GetString(output.WrittenSpan).Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(frame => JsonDocument.Parse(frame.Split('\n')[1]["data: ".Length..]).RootElement.Clone()),
    ];

    [Fact]
    public void Encode_StreamThatEndsInARefusal_FinalResponseHoldsRefusalParts()
    {
        var encoder = StreamingEncoder();
        var output = new ArrayBufferWriter<byte>();
        foreach (var ev in new StreamEvent[]
        {
            new MessageStart("x", "m"), new BlockStart(0, BlockKind.Text), new BlockDelta(0, DeltaKind.Text, "I won't help with that."),
            new BlockStop(0), new MessageDelta(StopReason.Refusal), MessageStop.Instance,
        })
            encoder.Encode(ev, output);

        var completed = Events(output)[^1];
        Assert.Equal("response.completed", completed.GetProperty("type").GetString());
        var part = completed.GetProperty("response").GetProperty("output")[0].GetProperty("content")[0];
        Assert.Equal(("refusal", "I won't help with that."), (part.GetProperty("type").GetString(), part.GetProperty("refusal").GetString()));
    }

    [Theory]
    [InlineData(GatewayErrorKind.Unavailable, "backend_overloaded", "server_is_overloaded")]
    [InlineData(GatewayErrorKind.RateLimited, null, "rate_limit_exceeded")]
    [InlineData(GatewayErrorKind.UpstreamRejected, "context_length_exceeded", "context_length_exceeded")]
    [InlineData(GatewayErrorKind.BadGateway, null, "server_error")]
    public void Fail_InStreamError_CarriesTheCodeResponsesClientsKnow(GatewayErrorKind kind, string? code, string expected)
    {
        var encoder = StreamingEncoder();
        var output = new ArrayBufferWriter<byte>();
        encoder.Encode(new MessageStart("x", "m"), output);

        encoder.Fail(new GatewayError(kind, "boom") { Code = code }, output);

        var events = Events(output);
        Assert.Equal(("error", expected), (events[^2].GetProperty("type").GetString(), events[^2].GetProperty("code").GetString()));
        Assert.Equal(expected, events[^1].GetProperty("response").GetProperty("error").GetProperty("code").GetString());
    }
}
