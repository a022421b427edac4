using System.Text;
using System.Text.Json;
using Louter.Streams.Errors;
using Louter.Streams.Protocols.Anthropic.Wire;

namespace Louter.Streams.Protocols.Anthropic;

/// <summary>
/// System.Text.Json failures as Anthropic words them: "max_tokens: Input should be a valid integer",
/// with the field path in Anthropic's dotted form ("messages.0.content.1.text").
/// </summary>
internal static class AnthropicJsonErrors
{
    public static GatewayError Describe(JsonException ex)
    {
        // A JsonException whose inner exception is also a JsonException comes from the reader: the
        // bytes are not JSON at all. Otherwise the JSON is fine but a value has the wrong type.
        var isSyntax = ex.InnerException is JsonException && ex is not WireFieldException;
        var wire = ex as WireFieldException;
        var field = isSyntax ? null : DottedPath(WireFieldException.RelativeOf(ex.Path) + wire?.RelativePath);

        if (isSyntax)
        {
            var where = ex.LineNumber is { } line ? $" (line {line + 1}, byte {ex.BytePositionInLine + 1})" : "";
            return GatewayError.Invalid($"There was an error parsing the body of your request{where}: it must be valid JSON.", code: "invalid_json");
        }
        if (field is null)
            return GatewayError.Invalid("The request body must be a JSON object.", code: "invalid_json");

        var expected = wire?.Expected ?? WireFieldException.ExpectedFromMessage(ex.Message);
        return GatewayError.Invalid($"{field}: Input should be {expected}", field, "invalid_type");
    }

    /// <summary>".messages[0].content[1].text" → "messages.0.content.1.text"; "" → null.</summary>
    public static string? DottedPath(string relative)
    {
        if (relative.Length == 0) return null;
        var sb = new StringBuilder(relative.Length);
        foreach (var c in relative)
        {
            switch (c)
            {
                case '.' or '[':
                    if (sb.Length > 0) sb.Append('.');
                    break;
                case ']':
                    break;
                case '\'':
                    break; // $['odd name'] form
                default:
                    sb.Append(c);
                    break;
            }
        }
        return sb.Length == 0 ? null : sb.ToString();
    }
}
