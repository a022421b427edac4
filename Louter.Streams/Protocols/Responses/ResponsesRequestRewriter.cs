using System.Buffers;
using System.Text.Json;
using Louter.Streams.Protocols.Responses.Wire;

namespace Louter.Streams.Protocols.Responses;

/// <summary>
/// The same-protocol fast path: copies the client's JSON body byte for byte, top-level property by
/// property, replacing the model name. When the conversation was rebuilt from stored responses,
/// <c>input</c> becomes the whole conversation and <c>previous_response_id</c> goes: the upstream
/// may never have seen the earlier turns (another backend, or Louter's own store), so it is told
/// everything. Unknown fields, number formats and key order survive untouched.
/// </summary>
public static class ResponsesRequestRewriter
{
    public static byte[] Rewrite(ReadOnlySpan<byte> body, string upstreamModel, IReadOnlyList<ResponseItem>? conversation)
    {
        var output = new ArrayBufferWriter<byte>(body.Length + upstreamModel.Length + 16);
        var reader = new Utf8JsonReader(body);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            throw new ArgumentException("The body must be a JSON object.", nameof(body));

        output.Write("{"u8);
        var first = true;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var nameStart = (int)reader.TokenStartIndex;
            var property = reader.ValueTextEquals("model"u8) ? Property.Model
                : conversation is null ? Property.Other
                : reader.ValueTextEquals("input"u8) ? Property.Input
                : reader.ValueTextEquals("previous_response_id"u8) ? Property.Previous
                : Property.Other;
            reader.Read();
            reader.Skip();
            if (property is Property.Model or Property.Input or Property.Previous) continue;
            Separator(output, ref first);
            output.Write(body[nameStart..(int)reader.BytesConsumed]);
        }

        Separator(output, ref first);
        output.Write("\"model\":\""u8);
        output.Write(JsonEncodedText.Encode(upstreamModel, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping).EncodedUtf8Bytes);
        output.Write("\""u8);
        if (conversation is not null)
        {
            output.Write(",\"input\":"u8);
            var items = conversation as List<ResponseItem> ?? [.. conversation];
            using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = ResponsesJson.Writer.Options.Encoder });
            JsonSerializer.Serialize(writer, items, ResponsesJson.Writer.ListResponseItem);
        }
        output.Write("}"u8);
        return output.WrittenSpan.ToArray();
    }

    private enum Property { Other, Model, Input, Previous }

    private static void Separator(ArrayBufferWriter<byte> output, ref bool first)
    {
        if (!first) output.Write(","u8);
        first = false;
    }
}
