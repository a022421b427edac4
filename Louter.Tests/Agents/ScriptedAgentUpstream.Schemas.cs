using System.Text.Json;
using Louter.Streams.Canonical;

namespace Louter.Tests.Agents;

/// <summary>What the scripted model makes of the schemas in a request: JSON mode, sample answers, and the refusals of a real server.</summary>
public sealed partial class ScriptedAgentUpstream
{
    /// <summary>
    /// Whether the request wants a JSON answer, and its schema: response_format (OpenAI), or for an
    /// Anthropic model, which has no such field, the instruction Louter writes into the system prompt
    /// ("Respond with a single JSON value that conforms to the JSON Schema below …" + the schema) —
    /// a scripted model following its instructions.
    /// </summary>
    private static (bool Json, JsonElement? Schema) JsonMode(ChatRequest request)
    {
        if (request.ResponseFormat is { Kind: ResponseFormatKind.JsonObject or ResponseFormatKind.JsonSchema } format)
            return (true, format.Schema);
        foreach (var text in request.System.Select(t => t.Text))
        {
            if (!text.StartsWith("Respond with a single JSON", StringComparison.Ordinal)) continue;
            var newline = text.IndexOf('\n', StringComparison.Ordinal);
            if (newline < 0) return (true, null);
            using var schema = JsonDocument.Parse(text[(newline + 1)..]);
            return (true, schema.RootElement.Clone());
        }
        return (false, null);
    }

    /// <summary>A small value that satisfies <paramref name="schema"/> (objects with every property, the lowest number allowed).</summary>
    private static object? Sample(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object) return null;
        if (schema.TryGetProperty("enum", out var options) && options.ValueKind == JsonValueKind.Array && options.GetArrayLength() > 0)
            return options[0].Clone();
        var type = schema.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : "object";
        return type switch
        {
            "object" => schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object
                ? properties.EnumerateObject().ToDictionary(p => p.Name, p => Sample(p.Value))
                : new Dictionary<string, object?>(),
            "array" => Array.Empty<object>(),
            "integer" or "number" => schema.TryGetProperty("minimum", out var min) && min.ValueKind == JsonValueKind.Number ? min.GetDouble() : 1,
            "boolean" => false,
            "null" => null,
            _ => "scripted",
        };
    }

    private static readonly HashSet<string> JsonSchemaTypes = new(StringComparer.Ordinal) { "object", "string", "number", "integer", "boolean", "array", "null" };

    /// <summary>What a real OpenAI or Anthropic server says about a tool or response schema it cannot accept, or null.</summary>
    private static Louter.Streams.Errors.GatewayError? InvalidSchema(ChatRequest request)
    {
        foreach (var tool in request.Tools)
        {
            if (tool.InputSchema is { } schema && BadType(schema) is { } bad)
                return Louter.Streams.Errors.GatewayError.Invalid($"Invalid schema for function '{tool.Name}': '{bad}' is not valid under any of the given schemas.", "tools", "invalid_function_parameters");
        }
        if (request.ResponseFormat?.Schema is { } format && BadType(format) is { } badFormat)
            return Louter.Streams.Errors.GatewayError.Invalid($"Invalid schema for response_format: '{badFormat}' is not valid under any of the given schemas.", "response_format", "invalid_json_schema");
        return null;
    }

    /// <summary>The first "type" value anywhere in the schema that JSON Schema does not define.</summary>
    private static string? BadType(JsonElement schema)
    {
        switch (schema.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in schema.EnumerateObject())
                {
                    if (property.Name == "type")
                    {
                        var types = property.Value.ValueKind == JsonValueKind.Array ? property.Value.EnumerateArray().ToList() : [property.Value];
                        if (types.FirstOrDefault(v => v.ValueKind != JsonValueKind.String || !JsonSchemaTypes.Contains(v.GetString()!)) is { ValueKind: not JsonValueKind.Undefined } bad)
                            return bad.ToString();
                    }
                    else if (property.Name is "properties" or "$defs" or "definitions" or "patternProperties")
                    {
                        // Property names are the client's own: only their schemas are checked.
                        if (property.Value.ValueKind == JsonValueKind.Object)
                        {
                            foreach (var named in property.Value.EnumerateObject())
                                if (BadType(named.Value) is { } inner) return inner;
                        }
                    }
                    else if (BadType(property.Value) is { } nested)
                    {
                        return nested;
                    }
                }
                return null;
            case JsonValueKind.Array:
                foreach (var item in schema.EnumerateArray())
                    if (BadType(item) is { } inArray) return inArray;
                return null;
            default:
                return null;
        }
    }
}
