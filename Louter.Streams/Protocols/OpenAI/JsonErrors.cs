using System.Text.Json;
using Louter.Streams.Errors;

namespace Louter.Streams.Protocols.OpenAI;

/// <summary>Turns System.Text.Json failures into client-facing errors that name the field.</summary>
internal static class JsonErrors
{
    private const string NestedPathKey = "louter.nested_path";

    public static GatewayError Describe(JsonException ex)
    {
        var field = FieldFromPath(Join(ex.Path, ex.Data[NestedPathKey] as string));

        // A JsonException whose inner exception is also a JsonException comes from the reader:
        // the bytes are not JSON at all. Otherwise the JSON is fine but a value has the wrong type.
        if (ex.InnerException is JsonException || field is null)
        {
            var where = ex.LineNumber is { } line ? $" (line {line + 1}, byte {ex.BytePositionInLine + 1})" : "";
            return GatewayError.Invalid(
                $"We could not parse the JSON body of your request{where}. The body must be valid JSON.",
                code: "invalid_json");
        }

        return GatewayError.Invalid(
            $"Invalid type for '{field}': expected {ExpectedType(ex.Message)}.",
            field, "invalid_type");
    }

    /// <summary>
    /// Deserializes a value from inside a custom converter (a union type: a string or a list). The
    /// nested call reports paths from its own root ("$[0].content"), and the outer serializer adds
    /// where the value sits ("$.input") only to an exception without a path: the nested path is
    /// carried along so the error names "input[0].content", not "[0].content".
    /// </summary>
    public static T? Nested<T>(ref Utf8JsonReader reader, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> contract)
    {
        try
        {
            return JsonSerializer.Deserialize(ref reader, contract);
        }
        catch (JsonException e) when (e.InnerException is not JsonException && e.Path is not null)
        {
            var wrapped = new JsonException(e.Message);
            wrapped.Data[NestedPathKey] = Join(e.Path, e.Data[NestedPathKey] as string);
            throw wrapped;
        }
    }

    /// <summary>"$.input" + "$[0].content" → "$.input[0].content".</summary>
    private static string? Join(string? path, string? nested) =>
        nested is null || path is null ? path : path + nested.TrimStart('$');

    /// <summary>"$.messages[0].content" → "messages[0].content"; "$" → null.</summary>
    internal static string? FieldFromPath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$") return null;
        var p = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return p.Length == 0 ? null : p;
    }

    private static string ExpectedType(string message)
    {
        // System.Text.Json names the CLR target type in its message; translate it to JSON terms.
        if (message.Contains("System.String", StringComparison.Ordinal)) return "a string";
        if (message.Contains("System.Boolean", StringComparison.Ordinal)) return "a boolean";
        if (message.Contains("System.Int", StringComparison.Ordinal)) return "an integer";
        if (message.Contains("System.Double", StringComparison.Ordinal) || message.Contains("System.Decimal", StringComparison.Ordinal)) return "a number";
        if (message.Contains("System.Collections.Generic.List", StringComparison.Ordinal)) return "an array";
        if (message.Contains("ChatContent", StringComparison.Ordinal)) return "a string or an array of content parts";
        // The Responses API's union types (a string or a list, a string or an object).
        if (message.Contains("ResponsesInput", StringComparison.Ordinal)) return "a string or an array of input items";
        if (message.Contains("ResponsesContent", StringComparison.Ordinal)) return "a string or an array of content parts";
        if (message.Contains("ResponsesToolChoice", StringComparison.Ordinal)) return "a string or an object";
        return "an object";
    }
}
