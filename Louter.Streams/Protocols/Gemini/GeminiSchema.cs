using System.Buffers;
using System.Text.Json;

namespace Louter.Streams.Protocols.Gemini;

/// <summary>
/// Gemini's OpenAPI-subset Schema (<c>parameters</c>, <c>responseSchema</c>) → standard JSON Schema,
/// which is what canonical tools and response formats hold. Types are upper case (OBJECT, STRING)
/// and become lower case; <c>nullable: true</c> becomes a type union with "null"; snake_case keywords
/// (<c>any_of</c>, <c>max_items</c>) get their JSON Schema names. Property names under
/// <c>properties</c> are the client's own and are copied as written.
/// </summary>
public static class GeminiSchema
{
    private static readonly Dictionary<string, string> Keywords = new(StringComparer.Ordinal)
    {
        ["any_of"] = "anyOf",
        ["max_items"] = "maxItems",
        ["min_items"] = "minItems",
        ["max_length"] = "maxLength",
        ["min_length"] = "minLength",
        ["max_properties"] = "maxProperties",
        ["min_properties"] = "minProperties",
        ["property_ordering"] = "propertyOrdering",
    };

    public static JsonElement ToJsonSchema(JsonElement schema)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
            WriteSchema(schema, writer);
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    /// <summary>
    /// A schema given as standard JSON Schema (<c>parametersJsonSchema</c>, <c>responseJsonSchema</c>)
    /// with Gemini's upper-case type names in it, as gemini-cli writes its routing classifier's
    /// <c>responseJsonSchema</c> (<c>"type": "OBJECT"</c>). Gemini accepts that; JSON Schema type names
    /// are lower case, and OpenAI and Anthropic refuse anything else. So the type names are lowered
    /// (nothing else changes); a schema without upper-case types is returned as it is.
    /// </summary>
    public static JsonElement LowerCaseTypes(JsonElement schema)
    {
        if (!HasUpperCaseType(schema)) return schema;
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
            WriteLowered(schema, writer);
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    /// <summary>Keywords whose values are instance data, not schemas: never rewritten.</summary>
    private static readonly HashSet<string> DataKeywords = new(StringComparer.Ordinal) { "enum", "const", "default", "examples", "example" };

    /// <summary>Keywords whose values map the client's own names to schemas.</summary>
    private static readonly HashSet<string> SchemaMaps = new(StringComparer.Ordinal) { "properties", "patternProperties", "$defs", "definitions", "dependentSchemas" };

    private static bool IsUpperCaseType(JsonElement type) =>
        type.ValueKind == JsonValueKind.String && type.GetString() is { } name && name.Any(char.IsUpper);

    private static bool HasUpperCaseType(JsonElement schema)
    {
        switch (schema.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in schema.EnumerateObject())
                {
                    if (p.Name == "type")
                    {
                        if (IsUpperCaseType(p.Value) || (p.Value.ValueKind == JsonValueKind.Array && p.Value.EnumerateArray().Any(IsUpperCaseType))) return true;
                    }
                    else if (SchemaMaps.Contains(p.Name))
                    {
                        if (p.Value.ValueKind == JsonValueKind.Object && p.Value.EnumerateObject().Any(named => HasUpperCaseType(named.Value))) return true;
                    }
                    else if (!DataKeywords.Contains(p.Name) && HasUpperCaseType(p.Value))
                    {
                        return true;
                    }
                }
                return false;
            case JsonValueKind.Array:
                return schema.EnumerateArray().Any(HasUpperCaseType);
            default:
                return false;
        }
    }

    private static void WriteLowered(JsonElement schema, Utf8JsonWriter w)
    {
        switch (schema.ValueKind)
        {
            case JsonValueKind.Object:
                w.WriteStartObject();
                foreach (var p in schema.EnumerateObject())
                {
                    w.WritePropertyName(p.Name);
                    if (p.Name == "type" && p.Value.ValueKind is JsonValueKind.String or JsonValueKind.Array)
                        WriteLoweredType(p.Value, w);
                    else if (SchemaMaps.Contains(p.Name) && p.Value.ValueKind == JsonValueKind.Object)
                    {
                        w.WriteStartObject();
                        foreach (var named in p.Value.EnumerateObject())
                        {
                            w.WritePropertyName(named.Name);
                            WriteLowered(named.Value, w);
                        }
                        w.WriteEndObject();
                    }
                    else if (DataKeywords.Contains(p.Name))
                        p.Value.WriteTo(w);
                    else
                        WriteLowered(p.Value, w);
                }
                w.WriteEndObject();
                break;
            case JsonValueKind.Array:
                w.WriteStartArray();
                foreach (var item in schema.EnumerateArray()) WriteLowered(item, w);
                w.WriteEndArray();
                break;
            default:
                schema.WriteTo(w);
                break;
        }
    }

    private static void WriteLoweredType(JsonElement type, Utf8JsonWriter w)
    {
        if (type.ValueKind == JsonValueKind.String)
        {
            w.WriteStringValue(type.GetString()!.ToLowerInvariant());
            return;
        }
        w.WriteStartArray();
        foreach (var item in type.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String) w.WriteStringValue(item.GetString()!.ToLowerInvariant());
            else item.WriteTo(w);
        }
        w.WriteEndArray();
    }

    private static void WriteSchema(JsonElement schema, Utf8JsonWriter w)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            schema.WriteTo(w);
            return;
        }

        var nullable = schema.TryGetProperty("nullable", out var n) && n.ValueKind == JsonValueKind.True;
        w.WriteStartObject();
        foreach (var p in schema.EnumerateObject())
        {
            var name = Keywords.GetValueOrDefault(p.Name, p.Name);
            switch (name)
            {
                case "nullable":
                    break; // folded into "type"
                case "type":
                    w.WritePropertyName("type");
                    WriteType(p.Value, nullable, w);
                    break;
                case "properties":
                    w.WritePropertyName("properties");
                    WriteSchemaMap(p.Value, w);
                    break;
                case "items":
                    w.WritePropertyName("items");
                    WriteSchema(p.Value, w);
                    break;
                case "anyOf":
                    w.WritePropertyName("anyOf");
                    WriteSchemaList(p.Value, w);
                    break;
                case "propertyOrdering":
                    break; // Gemini's output-order hint; JSON Schema has no such keyword
                case "format" when p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() == "enum":
                    break; // Gemini marks string enums with format "enum"; in JSON Schema "enum" says it
                default:
                    w.WritePropertyName(name);
                    p.Value.WriteTo(w);
                    break;
            }
        }
        w.WriteEndObject();
    }

    private static void WriteType(JsonElement type, bool nullable, Utf8JsonWriter w)
    {
        if (type.ValueKind != JsonValueKind.String)
        {
            type.WriteTo(w);
            return;
        }

        var lower = type.GetString()!.ToLowerInvariant();
        if (lower == "type_unspecified") lower = "string";
        if (!nullable)
        {
            w.WriteStringValue(lower);
            return;
        }
        w.WriteStartArray();
        w.WriteStringValue(lower);
        w.WriteStringValue("null");
        w.WriteEndArray();
    }

    private static void WriteSchemaMap(JsonElement map, Utf8JsonWriter w)
    {
        if (map.ValueKind != JsonValueKind.Object)
        {
            map.WriteTo(w);
            return;
        }
        w.WriteStartObject();
        foreach (var p in map.EnumerateObject())
        {
            w.WritePropertyName(p.Name);
            WriteSchema(p.Value, w);
        }
        w.WriteEndObject();
    }

    private static void WriteSchemaList(JsonElement list, Utf8JsonWriter w)
    {
        if (list.ValueKind != JsonValueKind.Array)
        {
            list.WriteTo(w);
            return;
        }
        w.WriteStartArray();
        foreach (var item in list.EnumerateArray()) WriteSchema(item, w);
        w.WriteEndArray();
    }
}
