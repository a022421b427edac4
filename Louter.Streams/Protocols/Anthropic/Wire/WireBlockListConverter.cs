using System.Text.Json.Serialization.Metadata;
using System.Text.Json.Serialization;
using System.Text.Json;

namespace Louter.Streams.Protocols.Anthropic.Wire;

/// <summary>
/// Reads and writes arrays of content blocks: typed blocks through the generated contract, every
/// other block type as its raw JSON (see <see cref="WireBlock"/>). A type error inside block i is
/// rethrown with its path, so the client learns "messages.0.content.1.text" rather than "messages.0.content".
/// </summary>
public sealed class WireBlockListConverter : JsonConverter<List<WireBlock?>>
{
    public override List<WireBlock?>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException();
        return ReadList(ref reader, options);
    }

    public override void Write(Utf8JsonWriter writer, List<WireBlock?> value, JsonSerializerOptions options) =>
        WriteList(writer, value, options);

    internal static List<WireBlock?> ReadList(ref Utf8JsonReader reader, JsonSerializerOptions options) =>
        WireArray.Read(ref reader, options, ReadOne);

    internal static WireBlock? ReadOne(ref Utf8JsonReader reader, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.StartObject:
                var type = RawJson.PeekType(reader);
                return WireBlock.IsTyped(type)
                    ? JsonSerializer.Deserialize(ref reader, Contract(options))
                    : WireBlock.OfRaw(JsonElement.ParseValue(ref reader), type);
            default:
                throw new WireFieldException("", "a valid dictionary");
        }
    }

    internal static void WriteList(Utf8JsonWriter writer, List<WireBlock?> blocks, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var block in blocks) WriteOne(writer, block, options);
        writer.WriteEndArray();
    }

    internal static void WriteOne(Utf8JsonWriter writer, WireBlock? block, JsonSerializerOptions options)
    {
        if (block is null)
            writer.WriteNullValue();
        else if (block.Raw is { } raw)
            raw.WriteTo(writer);
        else
            JsonSerializer.Serialize(writer, block, Contract(options));
    }

    private static JsonTypeInfo<WireBlock> Contract(JsonSerializerOptions options) =>
        (JsonTypeInfo<WireBlock>)options.GetTypeInfo(typeof(WireBlock));
}
