using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Louter.Streams.Protocols.Xml;

/// <summary>
/// Turns the raw string values of an XML tool call into the arguments JSON object, typed by the tool's
/// JSON schema — the model writes every value as text, but a client validating <c>{"days": 3}</c> rejects
/// <c>{"days": "3"}</c>, and a string argument must stay a string even when it looks like a number.
/// </summary>
public static class XmlToolArguments
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Arguments are code, HTML and paths: escaping '<', '>', '&', '\'' and '+' as \uXXXX is valid
        // JSON but unreadable in every client log; API bodies are never embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// The arguments object as JSON text, properties in the order the model wrote them. A parameter
    /// written twice keeps its first position and its last value (a model correcting itself), since
    /// a JSON object with a repeated key means different things to different parsers.
    /// Per value, by the property's schema type (surrounding whitespace is ignored for every type but string):
    /// <list type="bullet">
    /// <item><c>string</c> — always a JSON string, verbatim: "42" stays "42".</item>
    /// <item><c>integer</c> — a JSON integer literal (<c>-12</c>, no fraction, exponent or leading zeros): "4.5" and "4.0" are not integers.</item>
    /// <item><c>number</c> — any JSON number literal (<c>4.5</c>, <c>-1e3</c>), written as given so no precision is lost; "1,000", "NaN" and ".5" are not.</item>
    /// <item><c>boolean</c> — "true" / "false", any case.</item>
    /// <item><c>null</c> — "null", any case.</item>
    /// <item><c>object</c> / <c>array</c> — the value parsed as JSON of that kind (Python-style <c>{'a': 1}</c> is not JSON).</item>
    /// <item>several types (<c>["integer","null"]</c>, anyOf, oneOf) — the non-string types in the order written; the first that fits wins.</item>
    /// <item>a value no declared type accepts — a JSON string, so the model's text is never lost.</item>
    /// <item>no schema, or a property the schema does not describe — a JSON number, true, false, null, object or array if the value is one exactly; else a string.</item>
    /// </list>
    /// </summary>
    public static string ToJson(IReadOnlyList<(string Name, string Value)> parameters, JsonElement? inputSchema)
    {
        var order = new List<string>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in parameters)
        {
            if (!values.ContainsKey(name))
                order.Add(name);
            values[name] = value;
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            foreach (var name in order)
            {
                writer.WritePropertyName(name);
                WriteValue(writer, values[name], XmlSchemaTypes.Of(inputSchema, name));
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteValue(Utf8JsonWriter writer, string value, IReadOnlyList<string>? types)
    {
        var trimmed = value.Trim();
        if (types is null)
        {
            if (!TryWriteJson(writer, trimmed, kind => kind != JsonValueKind.String))
                writer.WriteStringValue(value);
            return;
        }

        foreach (var type in types)
        {
            if (TryWriteAs(writer, type, trimmed))
                return;
        }

        writer.WriteStringValue(value);
    }

    private static bool TryWriteAs(Utf8JsonWriter writer, string type, string trimmed)
    {
        switch (type)
        {
            case "integer":
                return IsIntegerLiteral(trimmed) && TryWriteJson(writer, trimmed, kind => kind == JsonValueKind.Number);
            case "number":
                return TryWriteJson(writer, trimmed, kind => kind == JsonValueKind.Number);
            case "boolean" when trimmed.Equals("true", StringComparison.OrdinalIgnoreCase):
                writer.WriteBooleanValue(true);
                return true;
            case "boolean" when trimmed.Equals("false", StringComparison.OrdinalIgnoreCase):
                writer.WriteBooleanValue(false);
                return true;
            case "null" when trimmed.Equals("null", StringComparison.OrdinalIgnoreCase):
                writer.WriteNullValue();
                return true;
            case "object":
                return TryWriteJson(writer, trimmed, kind => kind == JsonValueKind.Object);
            case "array":
                return TryWriteJson(writer, trimmed, kind => kind == JsonValueKind.Array);
            default:
                return false; // "string" is the fallback, not a candidate; unknown type names say nothing
        }
    }

    private static bool IsIntegerLiteral(string text) =>
        text.Length > 0 && !text.Contains('.', StringComparison.Ordinal) && !text.Contains('e', StringComparison.OrdinalIgnoreCase);

    /// <summary>Writes <paramref name="text"/> as the JSON it is, if it is exactly one JSON value of an accepted kind.</summary>
    private static bool TryWriteJson(Utf8JsonWriter writer, string text, Func<JsonValueKind, bool> accept)
    {
        // Most values are prose: skip the parser (and its exception) for anything that cannot start JSON.
        if (text.Length == 0 || !"{[\"-0123456789tfn".Contains(text[0], StringComparison.Ordinal))
            return false;

        try
        {
            using var document = JsonDocument.Parse(text);
            if (!accept(document.RootElement.ValueKind))
                return false;
            document.RootElement.WriteTo(writer);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
