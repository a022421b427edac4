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
