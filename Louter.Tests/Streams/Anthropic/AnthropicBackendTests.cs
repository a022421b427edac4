using System.Text;
using System.Text.Json;
using Louter.Streams.Canonical;
using Louter.Streams.Pipeline;
using Louter.Streams.Protocols.Anthropic;
using Louter.Streams.Protocols.OpenAI;
using Louter.Streams.Routing;
using Louter.Streams.Sse;
using Xunit;

namespace Louter.Tests.Streams.Anthropic;

public sealed class AnthropicBackendTests
{
    private static readonly AnthropicBackend Backend = new();

    private static RouteCandidate Target(string? url = "https://api.anthropic.com", string? key = "sk-ant-secret") => new(
        new BackendDescriptor { Name = "claude", Protocol = BackendProtocol.Anthropic, BaseUrl = url is null ? null : new Uri(url), ApiKey = key },
        "claude-upstream");

    private static string? Header(HttpRequestMessage request, string name) =>
        request.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    [Theory]
    [InlineData("https://api.anthropic.com", "https://api.anthropic.com/v1/messages")]
    [InlineData("https://api.anthropic.com/", "https://api.anthropic.com/v1/messages")]
    [InlineData("https://api.anthropic.com/v1", "https://api.anthropic.com/v1/messages")]
    [InlineData("https://api.anthropic.com/v1/", "https://api.anthropic.com/v1/messages")]
    [InlineData("http://localhost:4000/anthropic", "http://localhost:4000/anthropic/messages")]
    [InlineData(null, "https://api.anthropic.com/v1/messages")]
    public void Endpoint_BaseUrl_IsNormalisedToTheMessagesEndpoint(string? baseUrl, string expected)
    {
        Assert.Equal(expected, Backend.Endpoint(Target(baseUrl).Backend).ToString());
    }

    [Fact]
    public void Endpoints_CountTokensAndModels_SitBesideMessages()
    {
        Assert.Equal("https://api.anthropic.com/v1/messages/count_tokens", AnthropicEndpoints.CountTokens(new Uri("https://api.anthropic.com")).ToString());
        Assert.Equal("https://api.anthropic.com/v1/models", AnthropicEndpoints.Models(new Uri("https://api.anthropic.com/v1")).ToString());
    }

    [Fact]
    public async Task CreateRequest_Canonical_PostsJsonWithTheBackendsKeyAndVersion()
    {
        var request = new ChatRequest("gpt-4o", [ChatMessage.UserText("hi")]) { Stream = true };

        using var http = Backend.CreateRequest(request, Target());

        Assert.Equal(HttpMethod.Post, http.Method);
        Assert.Equal("https://api.anthropic.com/v1/messages", http.RequestUri!.ToString());
        Assert.Equal("sk-ant-secret", Header(http, "x-api-key"));
        Assert.Equal("2023-06-01", Header(http, "anthropic-version"));
        Assert.Null(http.Headers.Authorization);
        Assert.Equal("text/event-stream", Header(http, "Accept"));
        Assert.Equal("application/json", http.Content!.Headers.ContentType!.MediaType);
        var body = JsonDocument.Parse(await http.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal("claude-upstream", body.GetProperty("model").GetString());
        Assert.Equal(4096, body.GetProperty("max_tokens").GetInt64());
        Assert.True(body.GetProperty("stream").GetBoolean());
    }

    [Fact]
    public void CreateRequest_BackendWithoutKey_SendsNoKeyHeader()
    {
        using var http = Backend.CreateRequest(new ChatRequest("m", [ChatMessage.UserText("hi")]), Target(key: null));

        Assert.Null(Header(http, "x-api-key"));
    }

    [Fact]
    public async Task CreateRequest_FastPath_RewritesOnlyTheModelAndForwardsTheClientsAnthropicHeaders()
    {
        var body = """{"model":"claude-sonnet-4-5","max_tokens":10,"stream":true,"messages":[{"role":"user","content":"hi"}],"x_new_field":[1,2]}""";
        var exchange = new Exchange("req_1", Encoding.UTF8.GetBytes(body), new Support.RecordingResponseChannel(), 0, CancellationToken.None)
        {
            Hints = new RequestHints
            {
                ForwardHeaders =
                [
                    new("anthropic-version", "2023-06-01"),
                    new("anthropic-beta", "interleaved-thinking-2025-05-14,fine-grained-tool-streaming-2025-05-14"),
                    new("x-api-key", "the-clients-own-key"),
                    new("authorization", "Bearer client"),
                ],
            },
        };
        AnthropicFrontend.Instance.Decode(exchange);

        using var http = Backend.CreateRequest(exchange, Target());

        Assert.Equal(body.Replace("claude-sonnet-4-5", "claude-upstream", StringComparison.Ordinal), await http.Content!.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("interleaved-thinking-2025-05-14,fine-grained-tool-streaming-2025-05-14", Header(http, "anthropic-beta"));
        Assert.Equal("2023-06-01", Header(http, "anthropic-version"));
        Assert.Equal("sk-ant-secret", Header(http, "x-api-key")); // the backend's key, never the client's
        Assert.Null(http.Headers.Authorization);
    }

    [Fact]
    public void Serves_OnlyTheAnthropicFrontend()
    {
        Assert.True(Backend.Serves(AnthropicFrontend.Instance));
        Assert.False(Backend.Serves(OpenAIChatFrontend.Instance));
        Assert.Equal(BackendProtocol.Anthropic, Backend.Protocol);
    }

    [Theory]
    [InlineData("message_stop", true)]
    [InlineData("message_delta", false)]
    [InlineData("ping", false)]
    public void IsTerminal_OnlyMessageStop(string name, bool terminal) =>
        Assert.Equal(terminal, Backend.IsTerminal(name, Encoding.UTF8.GetBytes($$"""{"type":"{{name}}"}""")));

    [Fact]
    public void IsTerminal_UnnamedEvent_IsJudgedByItsDataType()
    {
        Assert.True(Backend.IsTerminal(null, """{"type":"message_stop"}"""u8.ToArray()));
        Assert.False(Backend.IsTerminal(null, """{"type":"content_block_delta","delta":{"type":"text_delta","text":"message_stop"}}"""u8.ToArray()));
        Assert.False(Backend.IsTerminal(null, "not json"u8.ToArray()));
    }

    [Fact]
    public void ErrorMessage_ReadsAnthropicsErrorBody() =>
        Assert.Equal("Overloaded", Backend.ErrorMessage("""{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"""u8));

    [Fact]
    public void DecodeResponse_Text_GivesTextStopReasonAndCanonicalUsage()
    {
        var response = Backend.DecodeResponse(AnthropicFixtures.Bytes(AnthropicFixtures.ResponseText));

        Assert.Equal(("msg_013Zva2CMHLNnXjNJJKqJ2EF", "claude-sonnet-4-5-20250929"), (response.Id, response.Model));
        Assert.Equal("Hi! My name is Claude.", Assert.IsType<TextBlock>(Assert.Single(response.Content)).Text);
        Assert.Equal((StopReason.EndTurn, "end_turn"), (response.StopReason, response.RawStopReason));
        Assert.Equal(new TokenUsage(7095, 503) { CacheRead = 4000, CacheWrite = 1000 }, response.Usage);
    }

    [Fact]
    public void DecodeResponse_ToolUse_GivesTheCallWithItsInputAsArguments()
    {
        var response = Backend.DecodeResponse(AnthropicFixtures.Bytes(AnthropicFixtures.ResponseToolUse));

        var call = Assert.IsType<ToolUseBlock>(response.Content[1]);
        Assert.Equal(("toolu_01A09q90qw90lq917835lq9", "get_weather"), (call.Id, call.Name));
        Assert.Equal("celsius", JsonDocument.Parse(call.ArgumentsJson).RootElement.GetProperty("unit").GetString());
        Assert.Equal(StopReason.ToolUse, response.StopReason);
    }

    [Fact]
    public void DecodeResponse_Thinking_KeepsTheSignatureAndTheRedactedBlock()
    {
        var response = Backend.DecodeResponse(AnthropicFixtures.Bytes(AnthropicFixtures.ResponseThinking));

        var thinking = Assert.IsType<ThinkingBlock>(response.Content[0]);
        Assert.StartsWith("zbbJhbGci", thinking.Signature, StringComparison.Ordinal);
        Assert.Equal("redacted_thinking", Assert.IsType<OpaqueBlock>(response.Content[1]).Kind);
        Assert.Equal(StopReason.MaxTokens, response.StopReason);
    }

    [Fact]
    public void DecodeResponse_NotAMessage_IsInvalidData()
    {
        Assert.Throws<InvalidDataException>(() => Backend.DecodeResponse("<html>"u8));
        Assert.Throws<InvalidDataException>(() => Backend.DecodeResponse("null"u8));
    }
}
