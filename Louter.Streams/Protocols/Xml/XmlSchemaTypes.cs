using System.Text.Json;

namespace Louter.Streams.Protocols.Xml;

/// <summary>The JSON types a tool's schema allows for one argument, as <see cref="XmlToolArguments"/> needs them.</summary>
internal static class XmlSchemaTypes
{
    /// <summary>
    /// The declared types of <paramref name="property"/>, in the order written: <c>"type"</c> as a name or a
    /// list, and the types of every <c>anyOf</c> / <c>oneOf</c> member. Null when the schema says nothing
    /// usable (no schema, property not listed, or only <c>$ref</c>/<c>enum</c>/<c>{}</c>): the caller then
    /// guesses from the value.
    /// </summary>
    public static IReadOnlyList<string>? Of(JsonElement? inputSchema, string property)
    {
        if (inputSchema is not { ValueKind: JsonValueKind.Object } schema
            || !schema.TryGetProperty("properties", out var properties)
            || properties.ValueKind != JsonValueKind.Object
            || !properties.TryGetProperty(property, out var propertySchema))
            return null;

        var types = new List<string>();
        Collect(propertySchema, types);
        return types.Count == 0 ? null : types;
    }

    private static void Collect(JsonElement schema, List<string> types)
    {
        if (schema.ValueKind != JsonValueKind.Object)
            return;

        if (schema.TryGetProperty("type", out var type))
        {
            if (type.ValueKind == JsonValueKind.String)
                Add(type.GetString()!, types);
            else if (type.ValueKind == JsonValueKind.Array)
                foreach (var item in type.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String))
                    Add(item.GetString()!, types);
        }

        foreach (var keyword in (ReadOnlySpan<string>)["anyOf", "oneOf"])
        {
            if (schema.TryGetProperty(keyword, out var members) && members.ValueKind == JsonValueKind.Array)
                foreach (var member in members.EnumerateArray())
                    Collect(member, types);
        }
    }

    private static void Add(string type, List<string> types)
    {
        if (!types.Contains(type))
            types.Add(type);
    }
}
