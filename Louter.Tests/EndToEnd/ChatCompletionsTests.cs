using System.Text.Json;
using Louter.Tests.EndToEnd.Support;
using OpenAI.Chat;
using Xunit;

namespace Louter.Tests.EndToEnd;

/// <summary>The OpenAI frontend end to end: official SDK → Louter (real loopback HTTP) → mock upstream (real loopback HTTP).</summary>
public sealed class ChatCompletionsTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Chat_ThroughSdk_ReturnsUpstreamAnswerAndUsage()
    {
        ChatCompletion completion = await gateway.Chat("gpt-test").CompleteChatAsync([new UserChatMessage("Hello from the SDK")], cancellationToken: Ct);

        Assert.Equal("Hello from the SDK", completion.Content[0].Text);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.True(completion.Usage.OutputTokenCount > 0);
        Assert.True(completion.Usage.InputTokenCount > 0);
    }

    [Fact]
    public async Task Chat_Streaming_ThroughSdk_DeliversEveryChunkAndUsage()
    {
        var text = new System.Text.StringBuilder();
        ChatTokenUsage? usage = null;
        await foreach (var update in gateway.Chat("gpt-test").CompleteChatStreamingAsync([new UserChatMessage("one two three four five")], cancellationToken: Ct))
        {
            foreach (var part in update.ContentUpdate) text.Append(part.Text);
            usage ??= update.Usage;
        }

        Assert.Equal("one two three four five", text.ToString());
        Assert.NotNull(usage);
        Assert.Equal(5, usage.OutputTokenCount);
    }

    [Fact]
    public async Task ModelMapping_SendsTheBackendsNameUpstream()
    {
        await gateway.Chat("gpt-test").CompleteChatAsync([new UserChatMessage("mapped?")], cancellationToken: Ct);

        var seen = gateway.Upstream.Last("echo-upstream");
        Assert.Equal("/v1/chat/completions", seen.Path);
        using var doc = JsonDocument.Parse(seen.Body);
        Assert.Equal("echo-upstream", doc.RootElement.GetProperty("model").GetString());
    }

    [Fact]
    public async Task BackendKey_IsSent_ClientKeyIsNeverForwarded()
    {
        await gateway.Chat("gpt-test").CompleteChatAsync([new UserChatMessage("whose key?")], cancellationToken: Ct);

        var seen = gateway.Upstream.Last("echo-upstream");
        Assert.Equal($"Bearer {GatewayFixture.BackendKey}", seen.Headers["authorization"]);
        Assert.DoesNotContain(seen.Headers, h => h.Value.Contains(GatewayFixture.ClientKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task BackendWithoutKey_SendsNoAuthorization()
    {
        using var response = await gateway.Louter.PostChatAsync("""{"model":"echo-nokey","messages":[{"role":"user","content":"hi"}]}""", Ct);
        response.EnsureSuccessStatusCode();

        Assert.False(gateway.Upstream.Last("echo-nokey").Headers.ContainsKey("authorization"));
    }

    [Fact]
    public async Task BaseUrlWithoutV1_ReachesTheV1Endpoint()
    {
        using var response = await gateway.Louter.PostChatAsync("""{"model":"echo-bare","messages":[{"role":"user","content":"hi"}]}""", Ct);
        response.EnsureSuccessStatusCode();

        Assert.Equal("/v1/chat/completions", gateway.Upstream.Last("echo-bare").Path);
    }

    [Fact]
    public async Task UnknownFields_SurviveByteForByte_OnlyModelChanges()
    {
        const string extra = "\"x_vendor_knob\":{\"nested\":[1,2.50,1e3,\"caf\\u00e9\"],\"flag\":true}";
        var body = "{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"user\",\"content\":\"keep my fields\",\"x_msg_field\":7}]," + extra + ",\"temperature\":0.70,\"seed\":42}";

        using var response = await gateway.Louter.PostChatAsync(body, Ct);
        response.EnsureSuccessStatusCode();

        var forwarded = gateway.Upstream.Last("echo-upstream").BodyText;
        Assert.Equal(body.Replace("\"model\":\"gpt-test\"", "\"model\":\"echo-upstream\"", StringComparison.Ordinal), forwarded);
    }

    [Fact]
    public async Task UnknownResponseFields_ReachTheClientUntouched()
    {
        using var response = await gateway.Louter.PostChatAsync("""{"model":"gpt-test","messages":[{"role":"user","content":"fields"}]}""", Ct);
        var json = await response.Content.ReadAsStringAsync(Ct);

        // The upstream's own fields, including ones Louter has no record for, come back as sent.
        Assert.Contains("\"system_fingerprint\":\"louter-mock\"", json, StringComparison.Ordinal);
        Assert.Contains("\"id\":\"chatcmpl-up-", json, StringComparison.Ordinal);
        Assert.Equal("59", response.Headers.GetValues("x-ratelimit-remaining-requests").Single());
    }

    [Fact]
    public async Task MaxTokensField_IsRenamedForBackendsThatWantMaxCompletionTokens()
    {
        using var response = await gateway.Louter.PostChatAsync("""{"model":"gpt-new","max_tokens":2,"messages":[{"role":"user","content":"a b c d"}]}""", Ct);
        var json = await response.Content.ReadAsStringAsync(Ct);

        var forwarded = gateway.Upstream.Last("echo-new").BodyText;
        Assert.Contains("\"max_completion_tokens\":2", forwarded, StringComparison.Ordinal);
        Assert.DoesNotContain("\"max_tokens\"", forwarded, StringComparison.Ordinal);
        Assert.Contains("\"finish_reason\":\"length\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Models_ListsEveryMappedName()
    {
        var json = await gateway.Louter.Http.GetStringAsync("/v1/models", Ct);
        using var doc = JsonDocument.Parse(json);

        Assert.Equal("list", doc.RootElement.GetProperty("object").GetString());
        var ids = doc.RootElement.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()).ToList();
        Assert.Equal(["gpt-test", "gpt-new", "gpt-dead", "gpt-resp"], ids);
    }
}
