using System.ClientModel;
using System.ClientModel.Primitives;
using Louter.Host.Config;
using Louter.Tests.EndToEnd.Support;
using OpenAI;
using OpenAI.Chat;
using Xunit;

namespace Louter.Tests.EndToEnd;

/// <summary>The README's first command: no config file, no keys, no servers — the built-in mock answers.</summary>
public sealed class EmbeddedDefaultTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<LouterInstance> StartDefaultAsync()
    {
        var config = DefaultConfig.Create(_ => null);
        return LouterInstance.StartAsync(config with
        {
            Server = config.Server with { Listen = "127.0.0.1:0", DataDir = Directory.CreateTempSubdirectory("louter-default-").FullName },
        });
    }

    private static ChatClient Client(LouterInstance louter, string model) =>
        new OpenAIClient(new ApiKeyCredential("anything"), new OpenAIClientOptions
        {
            Endpoint = new Uri(louter.BaseUrl, "/v1"),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        }).GetChatClient(model);

    [Fact]
    public async Task MockModel_EchoesTheLastUserMessage_AndStreamsItInSeveralChunks()
    {
        await using var louter = await StartDefaultAsync();
        var chat = Client(louter, "louter-mock");

        ChatCompletion completion = await chat.CompleteChatAsync([new SystemChatMessage("be brief"), new UserChatMessage("first"), new UserChatMessage("echo this back please")], cancellationToken: Ct);
        Assert.Equal("echo this back please", completion.Content[0].Text);

        var chunks = new List<string>();
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("echo this back please")], cancellationToken: Ct))
            chunks.AddRange(update.ContentUpdate.Select(p => p.Text).Where(t => t.Length > 0));
        Assert.Equal(["echo ", "this ", "back ", "please"], chunks);

        var models = await louter.Http.GetStringAsync("/v1/models", Ct);
        Assert.Contains("\"id\":\"louter-mock\"", models, StringComparison.Ordinal);
    }
}
