using Louter.Streams.Protocols.OpenAI;
using Louter.Streams.Routing;
using Xunit;

namespace Louter.Tests.Streams.OpenAI;

public sealed class ChatCompletionsUriTests
{
    [Theory]
    [InlineData("https://api.openai.com", "https://api.openai.com/v1/chat/completions")]
    [InlineData("https://api.openai.com/", "https://api.openai.com/v1/chat/completions")]
    [InlineData("https://api.openai.com/v1", "https://api.openai.com/v1/chat/completions")]
    [InlineData("https://api.openai.com/v1/", "https://api.openai.com/v1/chat/completions")]
    [InlineData("http://localhost:11211", "http://localhost:11211/v1/chat/completions")]
    [InlineData("http://127.0.0.1:8080/v1", "http://127.0.0.1:8080/v1/chat/completions")]
    [InlineData("https://openrouter.ai/api/v1", "https://openrouter.ai/api/v1/chat/completions")]
    [InlineData("https://generativelanguage.googleapis.com/v1beta/openai", "https://generativelanguage.googleapis.com/v1beta/openai/chat/completions")]
    [InlineData("https://generativelanguage.googleapis.com/v1beta/openai/", "https://generativelanguage.googleapis.com/v1beta/openai/chat/completions")]
    public void ChatCompletionsUri_BaseUrl_IsTheApiRootPlusChatCompletions(string baseUrl, string expected)
    {
        Assert.Equal(expected, OpenAIChatBackend.ChatCompletionsUri(new Uri(baseUrl)).AbsoluteUri);
    }

    [Fact]
    public void Endpoint_MockBackendWithoutBaseUrl_UsesTheInProcessMockHost()
    {
        var endpoint = new OpenAIChatBackend().Endpoint(new BackendDescriptor { Name = "mock", Protocol = BackendProtocol.Mock });

        Assert.Equal("http://louter-mock.invalid/v1/chat/completions", endpoint.AbsoluteUri);
    }
}
