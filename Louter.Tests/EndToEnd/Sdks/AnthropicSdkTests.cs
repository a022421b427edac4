using Anthropic;
using Anthropic.Models.Messages;
using Louter.Tests.EndToEnd.Support;
using Xunit;

namespace Louter.Tests.EndToEnd.Sdks;

/// <summary>
/// The official Anthropic .NET SDK as the client, over real loopback HTTP, with the backend an
/// OpenAI-protocol server: every answer is translated OpenAI → canonical → Anthropic.
/// </summary>
public sealed class AnthropicSdkTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private AnthropicClient Client() => new()
    {
        ApiKey = GatewayFixture.ClientKey,
        BaseUrl = gateway.Louter.BaseUrl.ToString().TrimEnd('/'),
        MaxRetries = 0,
    };

    [Fact]
    public async Task Messages_ThroughTheSdk_AnswersFromAnOpenAIBackend()
    {
        var message = await Client().Messages.Create(new MessageCreateParams
        {
            Model = "gpt-test",
            MaxTokens = 200,
            System = "be brief",
            Messages = [new UserMessageParam("Hello through Anthropic")],
        }, Ct);

        Assert.True(message.Content[0].TryPickText(out var text));
        Assert.Equal("Hello through Anthropic", text!.Text);
        Assert.True(message.Usage.OutputTokens > 0);
        // The OpenAI backend got an OpenAI request: system message first, the mapped model, its own key.
        var sent = gateway.Upstream.Last("echo-upstream");
        Assert.Contains("\"role\":\"system\"", sent.BodyText, StringComparison.Ordinal);
        Assert.Equal($"Bearer {GatewayFixture.BackendKey}", sent.Headers["authorization"]);
        Assert.DoesNotContain(sent.Headers, h => h.Value.Contains(GatewayFixture.ClientKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task MessagesStreaming_ThroughTheSdk_DeliversTextDeltas()
    {
        var text = new System.Text.StringBuilder();
        var sawStop = false;
        await foreach (var ev in Client().Messages.CreateStreaming(new MessageCreateParams
        {
            Model = "gpt-test",
            MaxTokens = 200,
            Messages = [new UserMessageParam("one two three four")],
        }, Ct))
        {
            if (ev.TryPickContentBlockDelta(out var delta) && delta!.Delta.TryPickText(out var t)) text.Append(t!.Text);
            if (ev.TryPickStop(out _)) sawStop = true;
        }

        Assert.Equal("one two three four", text.ToString());
        Assert.True(sawStop);
    }

    [Fact]
    public async Task CountTokens_ThroughTheSdk_GivesAnEstimate()
    {
        var count = await Client().Messages.CountTokens(new MessageCountTokensParams
        {
            Model = "gpt-test",
            Messages = [new UserMessageParam("How many tokens is this sentence?")],
        }, Ct);

        Assert.InRange(count.InputTokens, 5, 40);
    }

    [Fact]
    public async Task UpstreamRateLimit_ReachesTheSdkAsARateLimitError()
    {
        await Assert.ThrowsAsync<Anthropic.Exceptions.AnthropicRateLimitException>(() => Client().Messages.Create(new MessageCreateParams
        {
            Model = "status-429",
            MaxTokens = 10,
            Messages = [new UserMessageParam("x")],
        }, Ct));
    }

    [Fact]
    public async Task UpstreamOverloaded_ReachesTheSdkAsAnOverloadedError()
    {
        using var response = await gateway.Louter.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/v1/messages")
        {
            Headers = { { "anthropic-version", "2023-06-01" } },
            Content = new StringContent("""{"model":"status-529","max_tokens":5,"messages":[{"role":"user","content":"x"}]}""", System.Text.Encoding.UTF8, "application/json"),
        }, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(529, (int)response.StatusCode);
        Assert.Contains("\"type\":\"overloaded_error\"", body, StringComparison.Ordinal);
    }
}
