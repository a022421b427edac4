using System.Text.Json;
using System.Text.Json.Serialization;

namespace Louter.Streams.Protocols.Anthropic.Wire;

/// <summary>Reads content as a string or an array of blocks; anything else is a type error naming the field.</summary>
public sealed class MessageContentConverter : JsonConverter<MessageContent>
{
    public override MessageContent? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return MessageContent.Of(reader.GetString()!);
            case JsonTokenType.StartArray:
                return MessageContent.Of(WireBlockListConverter.ReadList(ref reader, options));
            default:
                // No message: System.Text.Json fills in the standard one (naming this type) with the JSON path.
                throw new JsonException();
        }
    }

    public override void Write(Utf8JsonWriter writer, MessageContent value, JsonSerializerOptions options)
    {
        if (value.Blocks is not null)
            WireBlockListConverter.WriteList(writer, value.Blocks, options);
        else if (value.Text is not null)
            writer.WriteStringValue(value.Text);
        else
            writer.WriteNullValue();
    }
}
