using System.Text.Json;
using Louter.Streams.Canonical;

namespace Louter.Streams.Protocols.OpenAI.Mapping;

/// <summary>Writes an assistant message's "tool_calls" array (requests to a backend and answers to a client share the shape).</summary>
internal static class OpenAIToolCallsJson
{
    public static void Write(Utf8JsonWriter w, IReadOnlyList<ToolUseBlock> calls)
    {
        w.WriteStartArray("tool_calls");
        foreach (var call in calls)
        {
            w.WriteStartObject();
            w.WriteString("id", call.Id);
            w.WriteString("type", "function");
            w.WriteStartObject("function");
            w.WriteString("name", call.Name);
            w.WriteString("arguments", call.ArgumentsJson);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
