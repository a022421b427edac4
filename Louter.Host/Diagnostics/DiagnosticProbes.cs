using System.Text.Json;
using Louter.Streams.Canonical;

namespace Louter.Host.Diagnostics;

/// <summary>
/// The probes as canonical requests, so every backend is asked in its own wire format by its own
/// codec. Each asks for a handful of tokens: diagnostics must cost next to nothing.
/// </summary>
internal static class DiagnosticProbes
{
    public const string ToolName = "get_weather";

    private const string Question = "Reply with the single word: ok";

    private static readonly JsonElement WeatherSchema = JsonDocument.Parse(
        """{"type":"object","properties":{"city":{"type":"string","description":"City name"}},"required":["city"]}""").RootElement.Clone();

    public static ChatRequest For(ProbeKind probe, string model) => probe switch
    {
        ProbeKind.Text => Text(model, stream: false),
        ProbeKind.Streaming => Text(model, stream: true),
        ProbeKind.Vision => new ChatRequest(model,
            [new ChatMessage(ChatRole.User, [new ImageBlock(new MediaSource.Inline(TinyPng.MimeType, TinyPng.Base64)), new TextBlock("What colour is this image? Answer in one word.")])])
        {
            Sampling = new Sampling { MaxOutputTokens = 16 },
        },
        ProbeKind.Tools => new ChatRequest(model, [ChatMessage.UserText("What is the weather in Paris? Use the tool.")])
        {
            Tools = [new ToolDefinition(ToolName) { Description = "Current weather for a city.", InputSchema = WeatherSchema }],
            ToolChoice = new ToolChoice(ToolChoiceMode.Required),
            // Room for the call's arguments; a reasoning model may spend some first.
            Sampling = new Sampling { MaxOutputTokens = 64 },
        },
        _ => throw new ArgumentOutOfRangeException(nameof(probe), probe, null),
    };

    private static ChatRequest Text(string model, bool stream) => new(model, [ChatMessage.UserText(Question)])
    {
        Sampling = new Sampling { MaxOutputTokens = 16 },
        Stream = stream,
    };
}
