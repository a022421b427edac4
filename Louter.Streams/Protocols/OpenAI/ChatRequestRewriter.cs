using System.Buffers;
using System.Text.Json;
using Louter.Streams.Routing;

namespace Louter.Streams.Protocols.OpenAI;

/// <summary>What the same-protocol fast path changes in a Chat Completions body.</summary>
/// <param name="UpstreamModel">The model name the backend knows (after model_mapping).</param>
/// <param name="ForceIncludeUsage">Set <c>stream_options.include_usage</c> so Louter always learns a stream's tokens.</param>
/// <param name="MaxTokensField">The name this backend wants for the output-token limit.</param>
public readonly record struct ChatRewrite(string UpstreamModel, bool ForceIncludeUsage, MaxTokensFieldName MaxTokensField);

/// <summary>
/// The same-protocol fast path: copies the client's JSON body byte for byte, top-level property by
/// property, replacing only what routing requires (model name, stream_options, the max-tokens field
/// name). Unknown fields, number formatting, key order and string escapes survive untouched.
/// </summary>
public static class ChatRequestRewriter
{
    public static byte[] Rewrite(ReadOnlySpan<byte> body, in ChatRewrite spec)
    {
        var output = new ArrayBufferWriter<byte>(body.Length + 64);
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            throw new ArgumentException("The body must be a JSON object.", nameof(body));

        // Which max-tokens name to rename, if any: only when the body does not already carry the target name.
        var (renameFrom, renameTo) = spec.MaxTokensField == MaxTokensFieldName.MaxCompletionTokens
            ? ("max_tokens"u8.ToArray(), "max_completion_tokens"u8.ToArray())
            : ("max_completion_tokens"u8.ToArray(), "max_tokens"u8.ToArray());
        var hasTarget = HasTopLevelProperty(body, renameTo);

        output.Write("{"u8);
        var first = true;
        var sawStreamOptions = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var nameStart = (int)reader.TokenStartIndex;
            if (!first) output.Write(","u8);
            first = false;

            if (reader.ValueTextEquals("model"u8))
            {
                SkipValue(ref reader);
                WriteName(output, "model"u8);
                WriteString(output, spec.UpstreamModel);
            }
            else if (spec.ForceIncludeUsage && reader.ValueTextEquals("stream_options"u8))
            {
                sawStreamOptions = true;
                reader.Read();
                WriteName(output, "stream_options"u8);
                WriteStreamOptions(ref reader, body, output);
            }
            else if (!hasTarget && reader.ValueTextEquals(renameFrom))
            {
                reader.Read();
                var valueStart = (int)reader.TokenStartIndex;
                reader.Skip();
                WriteName(output, renameTo);
                output.Write(body[valueStart..(int)reader.BytesConsumed]);
            }
            else
            {
                SkipValue(ref reader);
                output.Write(body[nameStart..(int)reader.BytesConsumed]);
            }
        }

        if (spec.ForceIncludeUsage && !sawStreamOptions)
        {
            if (!first) output.Write(","u8);
            output.Write("\"stream_options\":{\"include_usage\":true}"u8);
        }
        output.Write("}"u8);
        return output.WrittenSpan.ToArray();
    }

    private static void WriteStreamOptions(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, ArrayBufferWriter<byte> output)
    {
        output.Write("{"u8);
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var nameStart = (int)reader.TokenStartIndex;
                var isIncludeUsage = reader.ValueTextEquals("include_usage"u8);
                SkipValue(ref reader);
                if (isIncludeUsage) continue;
                output.Write(body[nameStart..(int)reader.BytesConsumed]);
                output.Write(","u8);
            }
        }
        else
        {
            reader.Skip(); // null or a wrong type: replaced wholesale
        }
        output.Write("\"include_usage\":true}"u8);
    }

    /// <summary>From a PropertyName token, moves past its value.</summary>
    private static void SkipValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }

    private static bool HasTopLevelProperty(ReadOnlySpan<byte> body, ReadOnlySpan<byte> name)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(name)) return true;
            SkipValue(ref reader);
        }
        return false;
    }

    private static void WriteName(ArrayBufferWriter<byte> output, ReadOnlySpan<byte> name)
    {
        output.Write("\""u8);
        output.Write(name);
        output.Write("\":"u8);
    }

    private static void WriteString(ArrayBufferWriter<byte> output, string value)
    {
        output.Write("\""u8);
        output.Write(JsonEncodedText.Encode(value).EncodedUtf8Bytes);
        output.Write("\""u8);
    }
}
