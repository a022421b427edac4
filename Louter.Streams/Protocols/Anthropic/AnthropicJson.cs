namespace Louter.Streams.Protocols.Anthropic;

/// <summary>
/// The context Louter writes with. The default encoder escapes ` and ' (and every non-ASCII
/// character) as \uXXXX on the assumption that the JSON may land in HTML; API bodies never do, and
/// model text full of escapes is larger and harder to read in logs.
/// </summary>
public static class AnthropicJson
{
    public static AnthropicJsonContext Writer { get; } = new(new System.Text.Json.JsonSerializerOptions(AnthropicJsonContext.Default.Options)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
