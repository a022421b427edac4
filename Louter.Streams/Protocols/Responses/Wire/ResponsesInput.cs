using System.Text.Json;
using System.Text.Json.Serialization;
using Louter.Streams.Protocols.OpenAI;

namespace Louter.Streams.Protocols.Responses.Wire;

/// <summary><c>input</c>: a plain string (one user message) or a list of items.</summary>
[JsonConverter(typeof(ResponsesInputConverter))]
public sealed class ResponsesInput
{
    public string? Text { get; init; }
    public List<ResponseItem?>? Items { get; init; }
}

public sealed class ResponsesInputConverter : JsonConverter<ResponsesInput>
{
    public override ResponsesInput? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => new ResponsesInput { Text = reader.GetString() },
        JsonTokenType.StartArray => new ResponsesInput { Items = JsonErrors.Nested(ref reader, ResponsesJsonContext.Default.ListResponseItem) },
        // No message: System.Text.Json fills in the standard one with the JSON path.
        _ => throw new JsonException(),
    };

    public override void Write(Utf8JsonWriter writer, ResponsesInput value, JsonSerializerOptions options)
    {
        if (value.Items is not null) JsonSerializer.Serialize(writer, value.Items, ResponsesJsonContext.Default.ListResponseItem);
        else if (value.Text is not null) writer.WriteStringValue(value.Text);
        else writer.WriteNullValue();
    }
}

/// <summary>
/// A message's <c>content</c>, or a tool output: a plain string or a list of typed parts
/// (<c>input_text</c>, <c>input_image</c>, <c>input_file</c>, <c>output_text</c>, <c>refusal</c>).
/// </summary>
[JsonConverter(typeof(ResponsesContentConverter))]
public sealed class ResponsesContent
{
    public string? Text { get; init; }
    public List<ContentPart?>? Parts { get; init; }

    public static ResponsesContent Of(string text) => new() { Text = text };
}

public sealed class ResponsesContentConverter : JsonConverter<ResponsesContent>
{
    public override ResponsesContent? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => new ResponsesContent { Text = reader.GetString() },
        JsonTokenType.StartArray => new ResponsesContent { Parts = JsonErrors.Nested(ref reader, ResponsesJsonContext.Default.ListContentPart) },
        _ => throw new JsonException(),
    };

    public override void Write(Utf8JsonWriter writer, ResponsesContent value, JsonSerializerOptions options)
    {
        if (value.Parts is not null) JsonSerializer.Serialize(writer, value.Parts, ResponsesJsonContext.Default.ListContentPart);
        else if (value.Text is not null) writer.WriteStringValue(value.Text);
        else writer.WriteNullValue();
    }
}
