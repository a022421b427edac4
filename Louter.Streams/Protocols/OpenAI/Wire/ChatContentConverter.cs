using System.Text.Json;
using System.Text.Json.Serialization;

namespace Louter.Streams.Protocols.OpenAI.Wire;

/// <summary>Reads "content" as either a string or an array of parts; anything else is a type error.</summary>
public sealed class ChatContentConverter : JsonConverter<ChatContent>
{
    public override ChatContent? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return new ChatContent { Text = reader.GetString() };
            case JsonTokenType.StartArray:
                var parts = JsonSerializer.Deserialize(ref reader, OpenAIJsonContext.Default.ListChatContentPart);
                return new ChatContent { Parts = parts };
            default:
                // No message: System.Text.Json fills in the standard one with the JSON path.
                throw new JsonException();
        }
    }

    public override void Write(Utf8JsonWriter writer, ChatContent value, JsonSerializerOptions options)
    {
        if (value.Parts is not null)
            JsonSerializer.Serialize(writer, value.Parts, OpenAIJsonContext.Default.ListChatContentPart);
        else if (value.Text is not null)
            writer.WriteStringValue(value.Text);
        else
            writer.WriteNullValue();
    }
}
