using Louter.Streams.Canonical;
using Louter.Streams.Protocols.Gemini;
using Louter.Streams.Protocols.OpenAI;
using Louter.Streams.Routing;
using Louter.Streams.Sse;
using Louter.Tests.Support;
using Xunit;
using static Louter.Tests.Streams.Gemini.GeminiTestSupport;

namespace Louter.Tests.Streams.Gemini;

public sealed class GeminiBackendTests
{
    private static readonly GeminiBackend Backend = new();

    private static RouteCandidate Target(string? baseUrl = "https://generativelanguage.googleapis.com", string model = "gemini-2.5-flash", string? key = "secret-key") =>
        new(new BackendDescriptor { Name = "g", Protocol = BackendProtocol.Gemini, BaseUrl = baseUrl is null ? null : new Uri(baseUrl), ApiKey = key }, model);

    [Theory]
    [InlineData("https://generativelanguage.googleapis.com", false, "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent")]
    [InlineData("https://generativelanguage.googleapis.com/", true, "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse")]
    [InlineData("https://generativelanguage.googleapis.com/v1", false, "https://generativelanguage.googleapis.com/v1/models/gemini-2.5-flash:generateContent")]
    [InlineData("http://proxy.local:8080/gemini/v1beta/", true, "http://proxy.local:8080/gemini/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse")]
    [InlineData("https://host/v1beta?key=leak", false, "https://host/v1beta/models/gemini-2.5-flash:generateContent")]
    [InlineData(null, false, "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent")]
    public void Url_BareHostGetsV1beta_AnyPathIsTheApiRoot_StreamsAlwaysSse(string? baseUrl, bool stream, string expected) =>
        Assert.Equal(expected, GeminiEndpoints.GenerateContent(baseUrl is null ? null : new Uri(baseUrl), "gemini-2.5-flash", stream).ToString());

    [Fact]
    public void Url_ModelWithResourcePrefix_IsNotDoubled() =>
        Assert.EndsWith("/v1beta/models/gemini-2.5-pro:generateContent", GeminiEndpoints.GenerateContent(null, "models/gemini-2.5-pro", false).ToString(), StringComparison.Ordinal);

    [Fact]
    public void CanonicalRequest_GoesToTheUpstreamModelWithTheKeyInAHeaderNeverInTheUrl()
    {
        using var request = Backend.CreateRequest(new ChatRequest("client-model", [ChatMessage.UserText("hi")]) { Stream = true }, Target(model: "gemini-2.5-pro"));

        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse", request.RequestUri!.ToString());
        Assert.Equal(["secret-key"], request.Headers.GetValues("x-goog-api-key"));
        Assert.DoesNotContain("secret-key", request.RequestUri.ToString(), StringComparison.Ordinal);
        Assert.Null(request.Headers.Authorization);
        Assert.Equal("application/json", request.Content!.Headers.ContentType!.MediaType);
    }

    [Fact]
    public void BackendWithoutKey_SendsNoKeyHeader()
    {
        using var request = Backend.CreateRequest(new ChatRequest("m", [ChatMessage.UserText("hi")]), Target(key: null));

        Assert.False(request.Headers.Contains("x-goog-api-key"));
    }

    [Fact]
    public async Task FastPath_ForwardsTheClientsBodyByteForByte()
    {
        var body = Fixtures.Bytes(FunctionCallingRequest1);
        var exchange = Decoded(body, stream: true, jsonArray: true);

        using var request = Backend.CreateRequest(exchange, Target(model: "gemini-2.5-pro"));

        Assert.Equal(body, await request.Content!.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal("https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse", request.RequestUri!.ToString());
        Assert.Equal(["secret-key"], request.Headers.GetValues("x-goog-api-key"));
    }

    [Fact]
    public void FastPath_ServesGeminiClientsOnly()
    {
        Assert.True(Backend.Serves(GeminiFrontend.Instance));
        Assert.False(Backend.Serves(OpenAIChatFrontend.Instance));
        Assert.Equal(BackendProtocol.Gemini, Backend.Protocol);
    }

    [Fact]
    public void NoEventIsTerminal_GeminiStreamsJustEnd() =>
        Assert.False(Backend.IsTerminal(null, Fixtures.Bytes(StreamingSse)[6..^2]));

    [Fact]
    public void ErrorMessage_IsTheGeminiErrorsMessage()
    {
        Assert.Equal("Function call is missing a thought_signature in functionCall parts.", Backend.ErrorMessage(Authored("error_400.json")));
        Assert.Null(Backend.ErrorMessage("<html>bad gateway</html>"u8));
    }

    [Fact]
    public void RetryAfter_IsReadFromTheRetryInfoDetail()
    {
        Assert.Equal(TimeSpan.FromSeconds(27), GeminiBackend.RetryAfter(Authored("error_429.json")));
        Assert.Null(GeminiBackend.RetryAfter(Authored("error_400.json")));
    }

    [Fact]
    public void DecodersForARequest_KnowItsFreeformTools()
    {
        var request = new ChatRequest("m", []) { Tools = [new ToolDefinition("patch") { Freeform = true }] };
        var answer = Utf8("""{"candidates":[{"content":{"parts":[{"functionCall":{"name":"patch","args":{"input":"raw"}}}]},"finishReason":"STOP"}],"responseId":"r"}""");
        var events = new List<StreamEvent>();

        Backend.CreateStreamDecoder(request).Decode(new SseEvent(null, answer), events);

        Assert.Equal("raw", ((BlockDelta)events[2]).Text);
        Assert.Equal("raw", ((ToolUseBlock)Backend.DecodeResponse(answer, request).Content[0]).ArgumentsJson);
    }
}
