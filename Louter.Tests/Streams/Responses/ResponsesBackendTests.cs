using System.Text;
using System.Text.Json;
using Louter.Streams.Backends;
using Louter.Streams.Canonical;
using Louter.Streams.Protocols.Responses;
using Louter.Streams.Routing;
using Louter.Streams.Sse;
using Xunit;

namespace Louter.Tests.Streams.Responses;

public sealed class ResponsesBackendTests
{
    private static readonly ResponsesBackend Backend = new();

    private static RouteCandidate Target(string? url = "https://api.openai.com/v1", string? key = "sk-secret") => new(
        new BackendDescriptor { Name = "codex", Protocol = BackendProtocol.OpenAIResponses, BaseUrl = url is null ? null : new Uri(url), ApiKey = key },
        "gpt-5-codex");

    [Theory]
    [InlineData("https://api.openai.com", "https://api.openai.com/v1/responses")]
    [InlineData("https://api.openai.com/", "https://api.openai.com/v1/responses")]
    [InlineData("https://api.openai.com/v1", "https://api.openai.com/v1/responses")]
    [InlineData("https://api.openai.com/v1/", "https://api.openai.com/v1/responses")]
    [InlineData("https://example.openai.azure.com/openai/v1", "https://example.openai.azure.com/openai/v1/responses")]
    [InlineData("http://localhost:8000/v1", "http://localhost:8000/v1/responses")]
    [InlineData(null, "https://api.openai.com/v1/responses")]
    public void Endpoint_BaseUrlWithOrWithoutV1_IsNormalisedToTheResponsesEndpoint(string? baseUrl, string expected)
    {
        Assert.Equal(expected, Backend.Endpoint(Target(baseUrl).Backend).ToString());
    }

    [Fact]
    public async Task CreateRequest_PostsJsonWithTheBackendsBearerKey()
    {
        var request = new ChatRequest("gpt-4o", [ChatMessage.UserText("hi")]) { Stream = true };

        using var http = Backend.CreateRequest(request, Target());

        Assert.Equal(HttpMethod.Post, http.Method);
        Assert.Equal("https://api.openai.com/v1/responses", http.RequestUri!.ToString());
        Assert.Equal("Bearer sk-secret", http.Headers.Authorization!.ToString());
        Assert.Equal("text/event-stream", http.Headers.Accept.ToString());
        Assert.Equal("application/json", http.Content!.Headers.ContentType!.MediaType);
        var body = JsonDocument.Parse(await http.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal("gpt-5-codex", body.GetProperty("model").GetString());
        Assert.True(body.GetProperty("stream").GetBoolean());
    }

    [Fact]
    public void CreateRequest_NotStreamingAndNoKey_AcceptsJsonAndSendsNoAuthorization()
    {
        using var http = Backend.CreateRequest(new ChatRequest("m", [ChatMessage.UserText("hi")]), Target(key: null));

        Assert.Null(http.Headers.Authorization);
        Assert.Equal("application/json", http.Headers.Accept.ToString());
    }

    [Theory]
    [InlineData("response.completed", true)]
    [InlineData("response.incomplete", true)]
    [InlineData("response.failed", true)]
    [InlineData("error", true)]
    [InlineData("response.output_text.delta", false)]
    [InlineData("response.created", false)]
    [InlineData("response.done", false)]
    public void IsTerminal_NamedEvents_OnlyTheEndsOfAResponse(string name, bool terminal)
    {
        Assert.Equal(terminal, Backend.IsTerminal(name, Encoding.UTF8.GetBytes($$"""{"type":"{{name}}","sequence_number":3}""")));
    }

    [Theory]
    [InlineData("""{"type":"response.completed","sequence_number":9,"response":{"id":"r","status":"completed"}}""", true)]
    [InlineData("""{"type":"error","sequence_number":2,"code":"x","message":"y","param":null}""", true)]
    [InlineData("""{"type":"response.output_text.delta","sequence_number":4,"delta":"hi"}""", false)]
    [InlineData("not json", false)]
    public void IsTerminal_UnnamedEvents_AreJudgedByTheirType(string data, bool terminal)
    {
        Assert.Equal(terminal, Backend.IsTerminal(null, Encoding.UTF8.GetBytes(data)));
    }

    [Fact]
    public void ErrorMessage_ReadsOpenAIsErrorShape()
    {
        var body = """{"error":{"message":"Invalid value: 'input_audio'.","type":"invalid_request_error","param":"input[0].content[0].type","code":"invalid_value"}}"""u8;

        Assert.Equal("Invalid value: 'input_audio'.", Backend.ErrorMessage(body));
        Assert.Null(Backend.ErrorMessage("<html>bad gateway</html>"u8));
    }

    [Fact]
    public void Transports_HaveACodecAndAFastPathForOpenAIResponses_ServingOnlyResponsesClients()
    {
        using var transports = new BackendTransports(TimeProvider.System);

        Assert.IsType<ResponsesBackend>(transports.CodecFor(BackendProtocol.OpenAIResponses));
        var fastPath = Assert.IsType<ResponsesBackend>(transports.PassThroughFor(BackendProtocol.OpenAIResponses));
        Assert.True(fastPath.Serves(ResponsesFrontend.Instance));
        Assert.False(fastPath.Serves(Louter.Streams.Protocols.OpenAI.OpenAIChatFrontend.Instance));
    }
}
