using System.Text;
using System.Text.Json;

namespace Louter.Host.Observability.RequestLog;

/// <summary>
/// Tool definitions and tool calls found in captured bodies, whatever the protocol: OpenAI chat,
/// Anthropic messages, Gemini and the Responses API, as one JSON answer or as an SSE stream whose
/// argument fragments are joined back together.
/// </summary>
internal static class ToolCalls
{
    public sealed record Call(string Name, string Arguments);

    /// <summary>Names of the tools a request declared (tools[].function.name, tools[].name, tools[].functionDeclarations[].name).</summary>
    public static List<string> Definitions(JsonElement? requestBody)
    {
        var names = new List<string>();
        if (requestBody is not { ValueKind: JsonValueKind.Object } body || !body.TryGetProperty("tools", out var tools) || tools.ValueKind != JsonValueKind.Array) return names;
        foreach (var tool in tools.EnumerateArray())
        {
            if (tool.ValueKind != JsonValueKind.Object) continue;
            if (tool.TryGetProperty("function", out var function) && Str(function, "name") is { } fn) names.Add(fn);
            else if (Str(tool, "name") is { } name) names.Add(name);
            foreach (var key in (string[])["functionDeclarations", "function_declarations"])
            {
                if (!tool.TryGetProperty(key, out var declarations) || declarations.ValueKind != JsonValueKind.Array) continue;
                foreach (var declaration in declarations.EnumerateArray())
                {
                    if (Str(declaration, "name") is { } declared) names.Add(declared);
                }
            }
        }

        return names;
    }

    /// <summary>The tool calls in a response body: a JSON answer, or an SSE stream (a JSON string).</summary>
    public static List<Call> Calls(JsonElement? responseBody)
    {
        var calls = new List<Call>();
        switch (responseBody)
        {
            case { ValueKind: JsonValueKind.Object } answer:
                FromAnswer(answer, calls);
                break;
            case { ValueKind: JsonValueKind.String } stream:
                FromStream(stream.GetString()!, calls);
                break;
        }

        return calls;
    }

    private static void FromAnswer(JsonElement answer, List<Call> calls)
    {
        foreach (var choice in Array(answer, "choices"))
        {
            if (!choice.TryGetProperty("message", out var message)) continue;
            foreach (var call in Array(message, "tool_calls"))
            {
                if (call.TryGetProperty("function", out var f)) calls.Add(new Call(Str(f, "name") ?? "?", Str(f, "arguments") ?? ""));
            }
        }

        foreach (var block in Array(answer, "content"))
        {
            if (Str(block, "type") == "tool_use") calls.Add(new Call(Str(block, "name") ?? "?", Raw(block, "input")));
        }

        GeminiCalls(answer, calls);
        foreach (var item in Array(answer, "output"))
        {
            if (Str(item, "type") == "function_call") calls.Add(new Call(Str(item, "name") ?? "?", Str(item, "arguments") ?? ""));
        }
    }

    private static void FromStream(string stream, List<Call> calls)
    {
        // Streamed calls arrive in pieces keyed by their index: a name first, then argument fragments.
        var pieces = new SortedDictionary<int, (string Name, StringBuilder Arguments)>();
        foreach (var raw in stream.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (!line.StartsWith("data:", StringComparison.Ordinal)) continue;
            var data = line[5..].Trim();
            if (data.Length == 0 || data[0] != '{') continue;
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(data);
            }
            catch (JsonException)
            {
                continue;
            }

            using (doc)
            {
                var e = doc.RootElement;
                foreach (var choice in Array(e, "choices"))
                {
                    if (!choice.TryGetProperty("delta", out var delta)) continue;
                    foreach (var call in Array(delta, "tool_calls"))
                    {
                        var index = call.TryGetProperty("index", out var i) && i.TryGetInt32(out var n) ? n : 0;
                        var f = call.TryGetProperty("function", out var fn) ? fn : default;
                        Append(pieces, index, f.ValueKind == JsonValueKind.Object ? Str(f, "name") : null, f.ValueKind == JsonValueKind.Object ? Str(f, "arguments") : null);
                    }
                }

                var type = Str(e, "type");
                var blockIndex = e.TryGetProperty("index", out var bi) && bi.TryGetInt32(out var b) ? b : 0;
                if (type == "content_block_start" && e.TryGetProperty("content_block", out var block) && Str(block, "type") == "tool_use")
                    Append(pieces, blockIndex, Str(block, "name"), null);
                if (type == "content_block_delta" && e.TryGetProperty("delta", out var d) && Str(d, "type") == "input_json_delta")
                    Append(pieces, blockIndex, null, Str(d, "partial_json"));
                if (type == "response.output_item.done" && e.TryGetProperty("item", out var item) && Str(item, "type") == "function_call")
                    calls.Add(new Call(Str(item, "name") ?? "?", Str(item, "arguments") ?? ""));
                GeminiCalls(e, calls);
            }
        }

        calls.AddRange(pieces.Values.Select(p => new Call(p.Name, p.Arguments.ToString())));
    }

    private static void GeminiCalls(JsonElement e, List<Call> calls)
    {
        foreach (var candidate in Array(e, "candidates"))
        {
            if (!candidate.TryGetProperty("content", out var content)) continue;
            foreach (var part in Array(content, "parts"))
            {
                if (part.TryGetProperty("functionCall", out var call)) calls.Add(new Call(Str(call, "name") ?? "?", Raw(call, "args")));
            }
        }
    }

    private static void Append(SortedDictionary<int, (string Name, StringBuilder Arguments)> pieces, int index, string? name, string? arguments)
    {
        if (!pieces.TryGetValue(index, out var piece)) pieces[index] = piece = ("?", new StringBuilder());
        if (name is not null) pieces[index] = piece = (name, piece.Arguments);
        if (arguments is not null) piece.Arguments.Append(arguments);
    }

    private static readonly JsonElement Empty = JsonElement.Parse("[]");

    private static JsonElement.ArrayEnumerator Array(JsonElement e, string name) =>
        (e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var a) && a.ValueKind == JsonValueKind.Array ? a : Empty).EnumerateArray();

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string Raw(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? v.GetRawText() : "";
}
