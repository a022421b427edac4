using System.Text.Json;

namespace Louter.Streams.Protocols.Anthropic;

/// <summary>
/// Canonical tool arguments (JSON text, or a freeform tool's raw string) → Anthropic's tool_use
/// "input", which must be a JSON object.
/// </summary>
internal static class AnthropicToolInput
{
    private static readonly JsonElement EmptyObject = JsonElement.Parse("{}");

    /// <summary>
    /// The arguments as an object. Empty arguments are <c>{}</c> (OpenAI servers send "" for a call
    /// without parameters). Anything that is not a JSON object — a freeform tool's raw input, or
    /// arguments cut short — is wrapped as <c>{"input": "…"}</c>, the shape Louter gives freeform
    /// tools on Anthropic, so nothing the model wrote is lost.
    /// </summary>
    public static JsonElement Of(string argumentsJson, bool freeform = false)
    {
        if (!freeform)
        {
            if (string.IsNullOrWhiteSpace(argumentsJson)) return EmptyObject;
            try
            {
                var parsed = JsonElement.Parse(argumentsJson);
                if (parsed.ValueKind == JsonValueKind.Object) return parsed;
            }
            catch (JsonException)
            {
                // not JSON: wrapped below
            }
        }
        return Wrap(argumentsJson);
    }

    private static JsonElement Wrap(string raw)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(raw.Length + 16);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("input", raw);
            writer.WriteEndObject();
        }
        return JsonElement.Parse(buffer.WrittenSpan);
    }
}
