using System.Text.Json;

namespace Louter.Streams.Protocols.Anthropic.Wire;

/// <summary>Reads one element of an array; the reader stands on the element's first token.</summary>
public delegate T WireElementReader<T>(ref Utf8JsonReader reader, JsonSerializerOptions options);

/// <summary>
/// Reads a JSON array element by element (the reader stands on its StartArray). A type error inside
/// element i is rethrown with "[i]" added to its path, so the client learns which element was wrong.
/// </summary>
public static class WireArray
{
    public static List<T> Read<T>(ref Utf8JsonReader reader, JsonSerializerOptions options, WireElementReader<T> readOne)
    {
        var list = new List<T>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            try
            {
                list.Add(readOne(ref reader, options));
            }
            catch (JsonException ex) when (WireFieldException.IsFieldError(ex))
            {
                throw WireFieldException.Wrap(ex, $"[{list.Count}]");
            }
        }
        return list;
    }
}
