using System.Text.Json;

namespace Louter.Streams.Protocols.Anthropic.Wire;

/// <summary>Looks ahead in a JSON object without consuming it.</summary>
internal static class RawJson
{
    /// <summary>
    /// The object's "type" string, read from a copy of the reader (the caller's position is
    /// unchanged). A converter sees the whole value buffered, so skipping within it cannot run dry.
    /// </summary>
    /// <summary>The "type" of a JSON object in <paramref name="json"/>, or null (also for anything that is not a JSON object).</summary>
    public static string? TypeOf(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            return reader.Read() ? PeekType(reader) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string? PeekType(Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject) return null;
        var depth = reader.CurrentDepth;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth) return null;
            if (reader.TokenType != JsonTokenType.PropertyName) continue;
            var isType = reader.ValueTextEquals("type"u8);
            reader.Read();
            if (isType) return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            reader.Skip();
        }
        return null;
    }
}
