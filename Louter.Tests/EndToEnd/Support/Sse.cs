using Xunit;
using System.Text;
using System.Text.Json;

namespace Louter.Tests.EndToEnd.Support;

/// <summary>Helpers for reading a raw SSE body in tests.</summary>
public static class Sse
{
    /// <summary>The data payloads of every event, in order.</summary>
    public static List<string> DataOf(string body) =>
        [.. body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(e => e.Trim('\n'))
            .Where(e => e.StartsWith("data: ", StringComparison.Ordinal))
            .Select(e => e["data: ".Length..])];

    /// <summary>The content deltas of an OpenAI chat stream, concatenated.</summary>
    public static string ContentOf(IEnumerable<string> data)
    {
        var text = new StringBuilder();
        foreach (var d in data.Where(d => d != "[DONE]"))
        {
            using var doc = JsonDocument.Parse(d);
            if (!doc.RootElement.TryGetProperty("choices", out var choices)) continue;
            foreach (var choice in choices.EnumerateArray())
            {
                if (choice.TryGetProperty("delta", out var delta) && delta.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String)
                    text.Append(content.GetString());
            }
        }
        return text.ToString();
    }
}
