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
/// The same-protocol fast path: the client's JSON body byte for byte, with only what routing requires
/// spliced in (model name, stream_options, the max-tokens field name). Unknown fields, number
/// formatting, key order, whitespace and string escapes survive untouched. One pass over the top-level
/// properties finds the edits; the output is allocated once at its final size and filled with the
/// body's unchanged stretches and the edits (a large body is copied once, not twice).
/// </summary>
public static class ChatRequestRewriter
{
    private static readonly byte[] MaxTokens = "max_tokens"u8.ToArray();
    private static readonly byte[] MaxCompletionTokens = "max_completion_tokens"u8.ToArray();
    private static readonly byte[] AddedStreamOptions = "\"stream_options\":{\"include_usage\":true}"u8.ToArray();

    /// <summary>Replace <c>body[Start..End]</c> with <c>Bytes</c> (an insertion when Start == End); prefixed by a comma when Comma.</summary>
    private readonly record struct Edit(int Start, int End, byte[] Bytes, bool Comma = false);

    public static byte[] Rewrite(ReadOnlySpan<byte> body, in ChatRewrite spec)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            throw new ArgumentException("The body must be a JSON object.", nameof(body));

        // Which max-tokens name to rename, if any: only when the body does not already carry the target
        // name. Most bodies have neither anywhere, which one vectorised search shows without a parse.
        var (renameFrom, renameTo) = spec.MaxTokensField == MaxTokensFieldName.MaxCompletionTokens
            ? (MaxTokens, MaxCompletionTokens)
            : (MaxCompletionTokens, MaxTokens);
        var mayRename = body.IndexOf(renameFrom) >= 0 && !HasTopLevelProperty(body, renameTo);

        var edits = new List<Edit>(3);
        var members = 0;
        var sawStreamOptions = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            members++;
            var nameStart = (int)reader.TokenStartIndex;
            if (reader.ValueTextEquals("model"u8))
            {
                reader.Read();
                var valueStart = (int)reader.TokenStartIndex;
                // The client's name is usually the backend's (no model_mapping): nothing to change then.
                var same = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(spec.UpstreamModel);
                reader.Skip();
                if (!same) edits.Add(new Edit(valueStart, (int)reader.BytesConsumed, EncodeString(spec.UpstreamModel)));
            }
            else if (spec.ForceIncludeUsage && reader.ValueTextEquals("stream_options"u8))
            {
                sawStreamOptions = true;
                reader.Read();
                var valueStart = (int)reader.TokenStartIndex;
                var options = new ArrayBufferWriter<byte>(64);
                WriteStreamOptions(ref reader, body, options);
                edits.Add(new Edit(valueStart, (int)reader.BytesConsumed, options.WrittenSpan.ToArray()));
            }
            else if (mayRename && reader.ValueTextEquals(renameFrom))
            {
                reader.Read();
                var valueStart = (int)reader.TokenStartIndex; // the name, its colon and any space between become the new name
                reader.Skip();
                edits.Add(new Edit(nameStart, valueStart, [(byte)'"', .. renameTo, (byte)'"', (byte)':']));
            }
            else
            {
                SkipValue(ref reader);
            }
        }
        if (reader.TokenType != JsonTokenType.EndObject)
            throw new ArgumentException("The body must be a JSON object.", nameof(body));

        if (spec.ForceIncludeUsage && !sawStreamOptions)
        {
            var close = (int)reader.TokenStartIndex;
            edits.Add(new Edit(close, close, AddedStreamOptions, Comma: members > 0));
        }

        return Apply(body, edits);
    }

    /// <summary>The body with the edits (in body order, not overlapping) applied.</summary>
    private static byte[] Apply(ReadOnlySpan<byte> body, List<Edit> edits)
    {
        var length = body.Length;
        foreach (var edit in edits) length += edit.Bytes.Length + (edit.Comma ? 1 : 0) - (edit.End - edit.Start);
        var output = new byte[length];
        var to = output.AsSpan();
        var from = 0;
        foreach (var edit in edits)
        {
            body[from..edit.Start].CopyTo(to);
            to = to[(edit.Start - from)..];
            if (edit.Comma)
            {
                to[0] = (byte)',';
                to = to[1..];
            }
            edit.Bytes.CopyTo(to);
            to = to[edit.Bytes.Length..];
            from = edit.End;
        }
        body[from..].CopyTo(to);
        return output;
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

    private static byte[] EncodeString(string value)
    {
        var encoded = JsonEncodedText.Encode(value).EncodedUtf8Bytes;
        var bytes = new byte[encoded.Length + 2];
        bytes[0] = bytes[^1] = (byte)'"';
        encoded.CopyTo(bytes.AsSpan(1));
        return bytes;
    }
}
