using System.Text.Json;
using Louter.Streams.Canonical;
using Louter.Streams.Codecs;
using Louter.Streams.Errors;
using Louter.Streams.Protocols.Responses;
using Xunit;

namespace Louter.Tests.Streams.Responses;

public sealed class ResponsesResponseDecoderTests
{
    private static ChatResponse Decode(string fixture) => new ResponsesBackend().DecodeResponse(ResponsesFixtures.Bytes(fixture));

    [Fact]
    public void Decode_TextResponse_IsOneTextBlockEndTurnAndUsage()
    {
        var response = Decode(ResponsesFixtures.ResponseText);

        Assert.Equal(("resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b", "gpt-4.1-2025-04-14"), (response.Id, response.Model));
        var text = Assert.IsType<TextBlock>(Assert.Single(response.Content));
        Assert.StartsWith("In a peaceful grove", text.Text, StringComparison.Ordinal);
        Assert.Equal((StopReason.EndTurn, "completed"), (response.StopReason, response.RawStopReason));
        Assert.Equal(new TokenUsage(36, 87), response.Usage);
    }

    [Fact]
    public void Decode_ToolCalls_KeepsItemOrderMapsCallIdsAndLeavesHostedToolItemsOut()
    {
        var response = Decode(ResponsesFixtures.ResponseToolCalls);

        Assert.Equal([typeof(ThinkingBlock), typeof(OpaqueBlock), typeof(TextBlock), typeof(ToolUseBlock), typeof(ToolUseBlock), typeof(ToolUseBlock)],
            response.Content.Select(b => b.GetType()));
        Assert.Equal("**Planning the calls**\n\nWeather and time are independent.\n\n**Patching**\n\nThen fix the file.", ((ThinkingBlock)response.Content[0]).Text);
        var opaque = (OpaqueBlock)response.Content[1];
        Assert.Equal(("openai-responses", "reasoning"), (opaque.Provider, opaque.Kind));
        Assert.Equal("rs_67ccd3a9f2b08190a1b2c3d4e5f6a7b804becb25c45c1d41", opaque.Payload.GetProperty("id").GetString());
        Assert.StartsWith("gAAAAAB", opaque.Payload.GetProperty("encrypted_content").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, opaque.Payload.GetProperty("summary").GetArrayLength());
        Assert.Equal("Checking both.", ((TextBlock)response.Content[2]).Text);
        // The call_id, not the item id (fc_…): tool results refer to it.
        Assert.Equal(new ToolUseBlock("call_12xBh8T4q2d5Nf7Lm9Pw3Kr6", "get_weather", """{"city":"Paris","unit":"c"}"""), response.Content[3]);
        Assert.Equal(new ToolUseBlock("call_98yGv7S3p1c4Me6Kl8Ov2Jq5", "get_time", """{"city":"Tokyo"}"""), response.Content[4]);
        // A freeform call's arguments are its raw input.
        Assert.Equal(new ToolUseBlock("call_55zQw2Er4Ty6Ui8Op0As2Df4", "apply_patch", "*** Begin Patch\n*** End Patch"), response.Content[5]);
        Assert.Equal(StopReason.ToolUse, response.StopReason);
        // input includes the cached tokens, output the reasoning tokens: the canonical convention already.
        Assert.Equal(new TokenUsage(820, 230) { CacheRead = 512, Reasoning = 128 }, response.Usage);
    }

    [Fact]
    public void Decode_Incomplete_IsMaxTokensWithThePartialTextAndTheReasoningItemById()
    {
        var response = Decode(ResponsesFixtures.ResponseIncomplete);

        Assert.Equal((StopReason.MaxTokens, "max_output_tokens"), (response.StopReason, response.RawStopReason));
        // Reasoning with no summary and no encrypted content: no thinking text, but the item (by id) is kept.
        var opaque = Assert.IsType<OpaqueBlock>(response.Content[0]);
        Assert.Equal("rs_68af4d3f34a58196b8c9d0e1f2a3b4c50e1f2a3b4c5d6e7f", opaque.Payload.GetProperty("id").GetString());
        Assert.Equal("The three laws are: first,", Assert.IsType<TextBlock>(response.Content[1]).Text);
        Assert.Equal(2, response.Content.Count);
        Assert.Equal(new TokenUsage(40, 64) { Reasoning = 56 }, response.Usage);
    }

    [Fact]
    public void Decode_ContentFilter_IsContentFilter()
    {
        var body = """{"id":"r","object":"response","status":"incomplete","incomplete_details":{"reason":"content_filter"},"model":"m","output":[]}"""u8;

        var response = new ResponsesBackend().DecodeResponse(body);

        Assert.Equal((StopReason.ContentFilter, "content_filter"), (response.StopReason, response.RawStopReason));
        Assert.Empty(response.Content);
        Assert.Null(response.Usage);
    }

    [Fact]
    public void Decode_Refusal_IsTextWithStopReasonRefusal()
    {
        var response = Decode(ResponsesFixtures.ResponseRefusal);

        Assert.Equal("I'm sorry, I can't help with that.", Assert.IsType<TextBlock>(Assert.Single(response.Content)).Text);
        Assert.Equal(StopReason.Refusal, response.StopReason);
    }

    [Fact]
    public void Decode_FailedResponse_ThrowsItsErrorMappedSoARateLimitStaysOne()
    {
        var e = Assert.Throws<CodecException>(() => Decode(ResponsesFixtures.ResponseFailed));

        Assert.Equal(GatewayErrorKind.RateLimited, e.Error.Kind);
        Assert.Contains("Rate limit reached for gpt-5", e.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_NotAResponseObject_IsAJsonException()
    {
        Assert.ThrowsAny<JsonException>(() => new ResponsesBackend().DecodeResponse("[1,2]"u8));
        Assert.ThrowsAny<JsonException>(() => new ResponsesBackend().DecodeResponse("null"u8));
    }

    [Theory]
    [InlineData("server_error", null, GatewayErrorKind.BadGateway)]
    [InlineData("rate_limit_exceeded", null, GatewayErrorKind.RateLimited)]
    [InlineData(null, "rate_limit_error", GatewayErrorKind.RateLimited)]
    [InlineData("server_is_overloaded", null, GatewayErrorKind.Unavailable)]
    [InlineData("context_length_exceeded", "invalid_request_error", GatewayErrorKind.UpstreamRejected)]
    [InlineData("invalid_prompt", null, GatewayErrorKind.UpstreamRejected)]
    [InlineData("image_too_large", null, GatewayErrorKind.UpstreamRejected)]
    [InlineData(null, "invalid_request_error", GatewayErrorKind.UpstreamRejected)]
    [InlineData("vector_store_timeout", null, GatewayErrorKind.BadGateway)]
    public void UpstreamErrors_KeepTheirMeaning(string? code, string? type, GatewayErrorKind kind)
    {
        var error = ResponsesUpstreamErrors.From(code, type, "m", "input", "error event");

        Assert.Equal(kind, error.Kind);
        if (kind == GatewayErrorKind.UpstreamRejected)
        {
            // The client's own mistake: its status, the upstream's words, code and param, which clients act on.
            Assert.Equal((400, "m", code, "input"), (error.Status, error.Message, error.Code, error.Param));
        }
        if (kind == GatewayErrorKind.Unavailable) Assert.Equal("backend_overloaded", error.Code);
    }
}
