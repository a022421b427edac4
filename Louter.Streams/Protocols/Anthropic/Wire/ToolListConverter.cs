using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Louter.Streams.Protocols.Anthropic.Wire;

/// <summary>The tools array: custom tools typed, server tools raw (see <see cref="ToolParam"/>).</summary>
public sealed class ToolListConverter : JsonConverter<List<ToolParam?>>
{
    public override List<ToolParam?>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException();
        return WireArray.Read(ref reader, options, ReadOne);
    }

    private static ToolParam? ReadOne(ref Utf8JsonReader reader, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.StartObject:
                var type = RawJson.PeekType(reader);
                if (ToolParam.IsCustom(type)) return JsonSerializer.Deserialize(ref reader, Contract(options));
                var raw = JsonElement.ParseValue(ref reader);
                return new ToolParam { Type = type, Raw = raw };
            default:
                throw new WireFieldException("", "a valid dictionary");
        }
    }

    public override void Write(Utf8JsonWriter writer, List<ToolParam?> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var tool in value)
        {
            if (tool is null) writer.WriteNullValue();
            else if (tool.Raw is { } raw) raw.WriteTo(writer);
            else JsonSerializer.Serialize(writer, tool, Contract(options));
        }
        writer.WriteEndArray();
    }

    private static JsonTypeInfo<ToolParam> Contract(JsonSerializerOptions options) =>
        (JsonTypeInfo<ToolParam>)options.GetTypeInfo(typeof(ToolParam));
}
