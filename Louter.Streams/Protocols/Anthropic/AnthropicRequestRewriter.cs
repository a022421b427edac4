using System.Buffers;
using System.Text.Json;

namespace Louter.Streams.Protocols.Anthropic;

/// <summary>
/// The same-protocol fast path: copies the client's JSON body byte for byte, top-level property by
/// property, replacing only the model name. Unknown fields (betas Louter has never heard of), number
/// formatting, key order and string escapes survive untouched — Claude Code sends fields newer than
/// any wire record here.
/// </summary>
public static class AnthropicRequestRewriter
{
    public static byte[] Rewrite(ReadOnlySpan<byte> body, string upstreamModel)
    {
        var output = new ArrayBufferWriter<byte>(body.Length + upstreamModel.Length + 16);
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            throw new ArgumentException("The body must be a JSON object.", nameof(body));

        output.Write("{"u8);
        var first = true;
        var sawModel = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var nameStart = (int)reader.TokenStartIndex;
            var isModel = reader.ValueTextEquals("model"u8);
            reader.Read();
            reader.Skip();
            if (!first) output.Write(","u8);
            first = false;

            if (isModel)
            {
                sawModel = true;
                WriteModel(output, upstreamModel);
            }
            else
            {
                output.Write(body[nameStart..(int)reader.BytesConsumed]);
            }
        }

        if (!sawModel)
        {
            if (!first) output.Write(","u8);
            WriteModel(output, upstreamModel);
        }
        output.Write("}"u8);
        return output.WrittenSpan.ToArray();
    }

    private static void WriteModel(ArrayBufferWriter<byte> output, string model)
    {
        output.Write("\"model\":\""u8);
        output.Write(JsonEncodedText.Encode(model, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping).EncodedUtf8Bytes);
        output.Write("\""u8);
    }
}
