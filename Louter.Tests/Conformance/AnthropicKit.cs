using System.Text;
using System.Text.Json;
using Louter.Streams.Codecs;
using Louter.Streams.Pipeline;
using Louter.Streams.Protocols.Anthropic;
using Louter.Streams.Sse;
using Xunit;

namespace Louter.Tests.Conformance;

/// <summary>Anthropic Messages at both ends: <c>/v1/messages</c>, x-api-key, named SSE events.</summary>
internal sealed class AnthropicKit : ProtocolKit
{
    public override Proto Proto => Proto.Anthropic;
    public override IFrontend Frontend => AnthropicFrontend.Instance;
    public override IBackendCodec Codec { get; } = new AnthropicBackend();

    /// <summary>Anthropic's error types (docs.anthropic.com/en/api/errors): overload is 529 overloaded_error, apart from 429.</summary>
    public override (int Status, string Type) Shape(ErrorClass error) => error switch
    {
        ErrorClass.Invalid => (400, "invalid_request_error"),
        ErrorClass.RateLimited => (429, "rate_limit_error"),
        ErrorClass.Overloaded => (529, "overloaded_error"),
        _ => (502, "api_error"),
    };

    protected override ClientError ReadError(int status, string? retryAfter, JsonElement body)
    {
        Assert.Equal("error", body.GetProperty("type").GetString());
        var error = body.GetProperty("error");
        return new ClientError(status, error.GetProperty("type").GetString()!, error.GetProperty("message").GetString()!, retryAfter);
    }

    /// <summary>Every Anthropic event is named, and its name is the "type" of its data (the SDKs dispatch on either).</summary>
    protected override void AssertStreamWire(IReadOnlyList<SseEvent> frames)
    {
        foreach (var frame in frames)
        {
            using var doc = JsonDocument.Parse(frame.Data);
            Assert.Equal(doc.RootElement.GetProperty("type").GetString(), frame.Event);
        }
    }

    /// <summary>
    /// A tool_use block starts with <c>"input":{}</c> and the SDKs parse the input_json_delta text on
    /// top of it: a block with no argument deltas is the empty object, not an empty string.
    /// </summary>
    protected override Louter.Streams.Canonical.ChatResponse AsClientReads(Louter.Streams.Canonical.ChatResponse folded) =>
        folded with { Content = [.. folded.Content.Select(b => b is Louter.Streams.Canonical.ToolUseBlock { ArgumentsJson.Length: 0 } u ? u with { ArgumentsJson = "{}" } : b)] };

    public override void AssertUpstreamHttp(UpstreamRequest request, string model, bool stream, string apiKey)
    {
        Assert.Equal("/v1/messages", request.Uri.AbsolutePath);
        AssertHeader(request, "x-api-key", apiKey);
        Assert.True(request.Headers.ContainsKey("anthropic-version"), "no anthropic-version header");
        Assert.False(request.Headers.ContainsKey("authorization"), "an Authorization header went to Anthropic");
    }

    /// <summary>Besides unknown fields: a ping and an event type from a future API version, which clients must skip.</summary>
    protected override byte[] AddUnknowns(byte[] wire, bool stream)
    {
        var text = Encoding.UTF8.GetString(base.AddUnknowns(wire, stream));
        if (!stream) return Encoding.UTF8.GetBytes(text);
        var afterFirst = text.IndexOf("\n\n", text.IndexOf("event: message_start", StringComparison.Ordinal), StringComparison.Ordinal) + 2;
        const string extra = "event: ping\ndata: {\"type\": \"ping\"}\n\nevent: x_future_event\ndata: {\"type\":\"x_future_event\",\"x\":1}\n\n";
        return Encoding.UTF8.GetBytes(text[..afterFirst] + extra + text[afterFirst..]);
    }
}
