using System.Text.Json;
using Louter.Streams.Codecs;
using Louter.Streams.Pipeline;
using Louter.Streams.Protocols.OpenAI;
using Louter.Streams.Sse;
using Xunit;

namespace Louter.Tests.Conformance;

/// <summary>OpenAI Chat Completions at both ends: <c>/v1/chat/completions</c>, Bearer auth, SSE ending in [DONE].</summary>
internal sealed class OpenAIKit : ProtocolKit
{
    public override Proto Proto => Proto.OpenAI;
    public override IFrontend Frontend => OpenAIChatFrontend.Instance;
    public override IBackendCodec Codec { get; } = new OpenAIChatBackend();

    /// <summary>OpenAI has no "overloaded" type: a 503 is a server_error (platform.openai.com/docs/guides/error-codes).</summary>
    public override (int Status, string Type) Shape(ErrorClass error) => error switch
    {
        ErrorClass.Invalid => (400, "invalid_request_error"),
        ErrorClass.RateLimited => (429, "rate_limit_error"),
        ErrorClass.Overloaded => (503, "server_error"),
        _ => (502, "server_error"),
    };

    protected override ClientError ReadError(int status, string? retryAfter, JsonElement body)
    {
        var error = body.GetProperty("error");
        return new ClientError(status, error.GetProperty("type").GetString()!, error.GetProperty("message").GetString()!, retryAfter);
    }

    /// <summary>Chat Completions streams end with <c>data: [DONE]</c> (DESIGN §4); clients wait for it.</summary>
    protected override void AssertStreamWire(IReadOnlyList<SseEvent> frames) => Assert.True(frames[^1].IsDone, "the OpenAI stream did not end with [DONE]");

    public override void AssertUpstreamHttp(UpstreamRequest request, string model, bool stream, string apiKey)
    {
        Assert.Equal("/v1/chat/completions", request.Uri.AbsolutePath);
        AssertHeader(request, "authorization", "Bearer " + apiKey);
    }
}
