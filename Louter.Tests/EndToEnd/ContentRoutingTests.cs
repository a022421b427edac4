using System.Text.Json;
using Louter.Host.Hosting;
using Louter.Tests.EndToEnd.Support;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Louter.Tests.EndToEnd;

/// <summary>
/// The seed's example through a real Louter: two built-in mock backends, one text-only and one
/// with vision. A text request goes to the text model, an image to the vision model, audio is
/// refused in the client's error shape; each decision is logged at debug and counted.
/// </summary>
public sealed class ContentRoutingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Backend names unique to this test: the Prometheus registry is shared by every test in the process.
    private const string Config = """
        [routing]
        strategy = "content-based"
        prefer_text_model = true

        [backends.cr-vision-model]
        protocol = "mock"
        capabilities = ["text", "vision", "function_calling"]
        [backends.cr-vision-model.model_mapping]
        "seed-model" = "vision-upstream"

        [backends.cr-text-model]
        protocol = "mock"
        capabilities = ["text", "function_calling"]
        [backends.cr-text-model.model_mapping]
        "seed-model" = "text-upstream"
        """;

    private const string Image = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

    [Fact]
    public async Task SeedExample_TextToTheTextModel_ImageToTheVisionModel_AudioRefused()
    {
        var logs = new CapturingLoggerProvider();
        await using var louter = await LouterInstance.StartAsync(Config, options: new LouterAppOptions
        {
            ConfigureLogging = b =>
            {
                b.SetMinimumLevel(LogLevel.Debug);
                b.AddProvider(logs);
            },
        });

        using var text = await louter.PostChatAsync("""{"model":"seed-model","messages":[{"role":"user","content":"just words"}]}""", Ct);
        using var image = await louter.PostChatAsync($$$"""{"model":"seed-model","messages":[{"role":"user","content":[{"type":"text","text":"what is this"},{"type":"image_url","image_url":{"url":"{{{Image}}}"}}]}]}""", Ct);
        using var audio = await louter.PostChatAsync("""{"model":"seed-model","messages":[{"role":"user","content":[{"type":"input_audio","input_audio":{"data":"AAAA","format":"wav"}}]}]}""", Ct);

        Assert.Equal(200, (int)text.StatusCode);
        Assert.Equal("text-upstream", await ModelOf(text));
        Assert.Equal(200, (int)image.StatusCode);
        Assert.Equal("vision-upstream", await ModelOf(image));

        Assert.Equal(400, (int)audio.StatusCode);
        using var error = JsonDocument.Parse(await audio.Content.ReadAsStringAsync(Ct));
        Assert.Equal("invalid_request_error", error.RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.Contains("No configured backend accepts audio input", error.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);

        var metrics = await louter.Http.GetStringAsync("/metrics", Ct);
        Assert.Matches("""louter_routing_decisions_total\{backend="cr-text-model",mode="content-based",capabilities="text",outcome="routed"\} 1""", metrics);
        Assert.Matches("""louter_routing_decisions_total\{backend="cr-vision-model",mode="content-based",capabilities="text\+vision",outcome="routed"\} 1""", metrics);
        Assert.Matches("""louter_routing_decisions_total\{backend="none",mode="content-based",capabilities="text\+audio",outcome="no_capability"\} [1-9]""", metrics);

        Assert.Contains(logs.Lines, l => l.StartsWith("Debug", StringComparison.Ordinal) && l.Contains("needs text+vision", StringComparison.Ordinal) && l.Contains("→ cr-vision-model", StringComparison.Ordinal));
    }

    private static async Task<string?> ModelOf(HttpResponseMessage response)
    {
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return doc.RootElement.GetProperty("model").GetString();
    }
}
