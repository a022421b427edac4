using System.Text.Json;

namespace Louter.Streams.Protocols.Gemini;

/// <summary>
/// Canonical tool-call arguments (JSON text) → Gemini's <c>args</c>, which must be an object. The
/// raw input of a freeform tool, or arguments that are not a JSON object, travel as the one string
/// parameter <c>input</c> — the same shape Louter declares freeform tools with.
/// </summary>
public static class GeminiArgs
{
    public const string FreeformParameter = "input";

    public static JsonElement ToElement(string argumentsJson, bool freeform = false)
    {
        if (freeform) return Wrap(FreeformParameter, argumentsJson);
        if (string.IsNullOrWhiteSpace(argumentsJson)) return EmptyObject;
        try
        {
            using var document = JsonDocument.Parse(argumentsJson);
            if (document.RootElement.ValueKind == JsonValueKind.Object) return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            // not JSON (a model that wrote broken arguments): kept whole as the input string
        }
        return Wrap(FreeformParameter, argumentsJson);
    }

    /// <summary>The raw input of a freeform tool from Gemini's args: the "input" string, else the args JSON.</summary>
    public static string FreeformInput(JsonElement? args) =>
        args is { ValueKind: JsonValueKind.Object } a && a.TryGetProperty(FreeformParameter, out var input) && input.ValueKind == JsonValueKind.String
            ? input.GetString()!
            : GeminiParts.ArgumentsJson(args);

    /// <summary><c>{"key": "value"}</c>.</summary>
    public static JsonElement Wrap(string key, string value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(value.Length + key.Length + 8);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString(key, value);
            writer.WriteEndObject();
        }
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();
}
