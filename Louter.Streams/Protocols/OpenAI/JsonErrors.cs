using System.Text.Json;
using Louter.Streams.Errors;

namespace Louter.Streams.Protocols.OpenAI;

/// <summary>Turns System.Text.Json failures into client-facing errors that name the field.</summary>
internal static class JsonErrors
{
    public static GatewayError Describe(JsonException ex)
    {
        var field = FieldFromPath(ex.Path);

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
        return "an object";
    }
}
