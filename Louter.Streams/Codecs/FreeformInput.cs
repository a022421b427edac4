using System.Text.Json;

namespace Louter.Streams.Codecs;

/// <summary>
/// A freeform tool (Responses <c>custom</c>, e.g. Codex's apply_patch) takes one raw string. Louter
/// declares it to other providers as a function with one string parameter <c>"input"</c>, so their
/// calls arrive as <c>{"input":"…"}</c>; <see cref="Unwrap"/> gives back the raw string.
/// </summary>
public static class FreeformInput
{
    public const string Parameter = "input";

    /// <summary><c>{"input":"RAW"}</c>: a freeform call's raw input as the arguments of the function Louter declares for it.</summary>
    public static string Wrap(string raw)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(raw.Length + 16);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString(Parameter, raw);
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The "input" string of <c>{"input":"…"}</c>; anything else is already raw and returned as is.</summary>
    public static string Unwrap(string arguments)
    {
        var trimmed = arguments.AsSpan().TrimStart();
        if (trimmed.IsEmpty || trimmed[0] != '{') return arguments;
        try
        {
            using var document = JsonDocument.Parse(arguments);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty(Parameter, out var input) && input.ValueKind == JsonValueKind.String)
            {
                var count = 0;
                foreach (var _ in root.EnumerateObject()) count++;
                if (count == 1) return input.GetString()!;
            }
        }
        catch (JsonException)
        {
            // raw input that merely starts with "{"
        }
        return arguments;
    }
}
