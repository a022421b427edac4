using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Louter.Streams.Protocols.Gemini;

/// <summary>
/// A resolver modifier that lets every camelCase property also be read under its snake_case name
/// (<c>function_declarations</c>, <c>inline_data</c>, <c>max_output_tokens</c>): Google's API accepts
/// both spellings (proto3 JSON), and REST callers use either. The alias has a setter and no getter, so
/// output stays camelCase. Aliases live on the typed records only: keys inside verbatim values
/// (<c>args</c>, <c>response</c>, schemas) are the client's own names and are never touched.
/// </summary>
internal static class SnakeCaseAliases
{
    public static void Add(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Kind != JsonTypeInfoKind.Object) return;

        var declared = typeInfo.Properties.Count;
        for (var i = 0; i < declared; i++)
        {
            var property = typeInfo.Properties[i];
            if (property.Set is null || property.IsExtensionData) continue;

            var snake = JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name);
            if (snake == property.Name) continue;

            var alias = typeInfo.CreateJsonPropertyInfo(property.PropertyType, snake);
            alias.Set = property.Set;
            alias.Get = null;
            alias.CustomConverter = property.CustomConverter;
            alias.NumberHandling = property.NumberHandling;
            typeInfo.Properties.Add(alias);
        }
    }
}
