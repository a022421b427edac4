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
