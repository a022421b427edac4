namespace Louter.Streams.Protocols.OpenAI;

/// <summary>
/// The context Louter writes with. The default encoder escapes ` and ' as \u0060 and \u0027 (it
/// assumes the JSON may be embedded in HTML); API bodies are never embedded, and clients show
/// these messages to people.
/// </summary>
public static class OpenAIJson
{
    public static OpenAIJsonContext Writer { get; } = new(new System.Text.Json.JsonSerializerOptions(OpenAIJsonContext.Default.Options)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
