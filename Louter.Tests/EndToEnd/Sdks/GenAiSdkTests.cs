using System.Text.Json;
using Louter.Tests.EndToEnd.Support;
using Xunit;

namespace Louter.Tests.EndToEnd.Sdks;

/// <summary>
/// The official @google/genai SDK (npm, Node 22) as the client, over real loopback HTTP, in front
/// of an OpenAI-protocol backend: generateContent, the SSE stream, countTokens and models.list —
/// which the SDK calls on /v1/models, the path OpenAI and Anthropic clients share.
/// </summary>
public sealed class GenAiSdkTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task GenAiSdk_GenerateStreamCountAndList_ThroughAnOpenAIBackend()
    {
        NodeClients.RequireInstalled();

        var (exit, stdout, stderr) = await NodeClients.RunAsync("genai-client.mjs",
            [gateway.Louter.BaseUrl.ToString().TrimEnd('/'), "gpt-test"], TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.True(exit == 0, $"exit {exit}\nstdout: {stdout}\nstderr: {stderr}");
        using var doc = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]);
        var r = doc.RootElement;
        Assert.Equal("Hello from genai", r.GetProperty("text").GetString());
        Assert.True(r.GetProperty("usage").GetProperty("totalTokenCount").GetInt32() > 0);
        Assert.Equal("alpha beta gamma", r.GetProperty("streamed").GetString());
        Assert.True(r.GetProperty("chunks").GetInt32() >= 3);
        Assert.InRange(r.GetProperty("tokens").GetInt32(), 3, 20);
        Assert.Contains("models/gpt-test", r.GetProperty("models").EnumerateArray().Select(m => m.GetString()));

        // systemInstruction became an OpenAI system message; the SDK's key never left Louter.
        Assert.Contains(gateway.Upstream.Requests, r => r.Model == "echo-upstream" && r.BodyText.Contains("{\"role\":\"system\",\"content\":\"be brief\"}", StringComparison.Ordinal));
        Assert.DoesNotContain(gateway.Upstream.Requests, r => r.Headers.Values.Any(v => v.Contains("test-key-not-forwarded", StringComparison.Ordinal)));
    }
}
