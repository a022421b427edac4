using System.Text.Json;
using Louter.Streams.Errors;
using Louter.Streams.Protocols.Gemini.Wire;

namespace Louter.Streams.Protocols.Gemini;

/// <summary>
/// Parses a generateContent body (camelCase or snake_case keys) and validates it. Messages follow
/// the API's own wording ("* GenerateContentRequest.contents: contents is not specified", "Please use
/// a valid role: user, model.") so a client shows what the real API would have said, and every
/// error names the field in <see cref="GatewayError.Param"/>.
/// </summary>
public static class GeminiRequestDecoder
{
    public static (GenerateContentRequest? Request, GatewayError? Error) Decode(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty) return (null, GeminiRequestValidator.ContentsMissing());

        GenerateContentRequest? request;
        try
        {
            request = JsonSerializer.Deserialize(body, GeminiJson.Reader.GenerateContentRequest);
        }
        catch (JsonException ex)
        {
            return (null, Describe(ex));
        }

        if (request is null)
            return (null, GatewayError.Invalid("Invalid JSON payload received. The request body must be a JSON object.", code: "invalid_json"));
        return (request, GeminiRequestValidator.Validate(request));
    }

    /// <summary>A System.Text.Json failure → an error naming the field, or the position for unparseable JSON.</summary>
    public static GatewayError Describe(JsonException ex)
    {
        var field = FieldFromPath(ex.Path);
        // An inner JsonException comes from the reader: the bytes are not JSON at all.
        if (ex.InnerException is JsonException || field is null)
        {
            var where = ex.LineNumber is { } line ? $" (line {line + 1}, byte {ex.BytePositionInLine + 1})" : "";
            return GatewayError.Invalid($"Invalid JSON payload received{where}. The body must be valid JSON.", code: "invalid_json");
        }
        return GatewayError.Invalid($"Invalid value at '{field}': expected {ExpectedType(ex.Message)}.", field, "invalid_type");
    }

    /// <summary>"$.contents[0].role" → "contents[0].role"; "$" → null.</summary>
    private static string? FieldFromPath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$") return null;
        var p = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return p.Length == 0 ? null : p;
    }

    private static string ExpectedType(string message)
    {
        // System.Text.Json names the CLR target type in its message; say it in JSON terms.
        if (message.Contains("System.String", StringComparison.Ordinal)) return "a string";
        if (message.Contains("System.Boolean", StringComparison.Ordinal)) return "a boolean";
        if (message.Contains("System.Int", StringComparison.Ordinal)) return "an integer";
        if (message.Contains("System.Double", StringComparison.Ordinal)) return "a number";
        if (message.Contains("System.Collections.Generic.List", StringComparison.Ordinal)) return "an array";
        return "an object";
    }
}
