using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;

namespace Louter.Streams.Protocols.Anthropic;

/// <summary>
/// Writes Anthropic's named server-sent events: <c>event: NAME\ndata: JSON\n\n</c>. Every Anthropic
/// event carries both the SSE event name and a matching "type" in its data; clients use either.
/// </summary>
public static class AnthropicSse
{
    /// <summary>One event. <paramref name="reuse"/>, when given, is reset onto <paramref name="output"/> instead of allocating a writer per event.</summary>
    public static void Write<T>(IBufferWriter<byte> output, string eventName, T data, JsonTypeInfo<T> contract, Utf8JsonWriter? reuse = null)
    {
        WriteHead(output, eventName);
        output.Write("data: "u8);
        if (reuse is null)
        {
            using var writer = NewWriter(output, contract.Options);
            JsonSerializer.Serialize(writer, data, contract);
        }
        else
        {
            reuse.Reset(output);
            JsonSerializer.Serialize(reuse, data, contract);
            reuse.Flush();
        }
        output.Write("\n\n"u8);
    }

    /// <summary>
    /// A content_block_delta event written directly — the same bytes the serializer writes for
    /// <c>ContentBlockDeltaEvent</c> with a one-field delta, without the event objects and the
    /// serializer's write stack per event (it is most of a translated stream's events). The value is
    /// transcoded straight into the output; only a value the writer's encoder would escape (quotes,
    /// control characters, a lone surrogate) goes through <paramref name="json"/>.
    /// </summary>
    /// <param name="deltaType">text_delta, input_json_delta, thinking_delta or signature_delta.</param>
    /// <param name="field">The delta's one field: text, partial_json, thinking or signature.</param>
    public static void WriteContentBlockDelta(IBufferWriter<byte> output, int index, JsonEncodedText deltaType, JsonEncodedText field, string value, Utf8JsonWriter json)
    {
        output.Write("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":"u8);
        WriteNumber(output, index);
        output.Write(",\"delta\":{\"type\":\""u8);
        output.Write(deltaType.EncodedUtf8Bytes);
        output.Write("\",\""u8);
        output.Write(field.EncodedUtf8Bytes);
        output.Write("\":"u8);

        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(value.Length) + 2);
        if (Utf8.FromUtf16(value, span[1..], out _, out var length, replaceInvalidSequences: false) == OperationStatus.Done
            && json.Options.Encoder!.FindFirstCharacterToEncodeUtf8(span.Slice(1, length)) < 0)
        {
            span[0] = (byte)'"';
            span[length + 1] = (byte)'"';
            output.Advance(length + 2);
        }
        else
        {
            json.Reset(output);
            json.WriteStringValue(value);
            json.Flush();
        }
        output.Write("}}\n\n"u8);
    }

    /// <summary>A content_block_stop event written directly: the serializer's bytes for <c>ContentBlockStopEvent</c>.</summary>
    public static void WriteContentBlockStop(IBufferWriter<byte> output, int index)
    {
        output.Write("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":"u8);
        WriteNumber(output, index);
        output.Write("}\n\n"u8);
    }

    /// <summary>The message_stop event: the serializer's bytes for <c>MessageStopEvent</c>.</summary>
    public static ReadOnlySpan<byte> MessageStop => "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"u8;

    private static void WriteNumber(IBufferWriter<byte> output, int value)
    {
        Utf8Formatter.TryFormat(value, output.GetSpan(11), out var written);
        output.Advance(written);
    }

    /// <summary>A JSON writer with the options' encoder (the relaxed one for <see cref="AnthropicJson.Writer"/>).</summary>
    public static Utf8JsonWriter NewWriter(IBufferWriter<byte> output, JsonSerializerOptions options) =>
        new(output, new JsonWriterOptions { Encoder = options.Encoder, SkipValidation = true });

    /// <summary>
    /// Re-frames an event exactly as received: the name, then the data (one "data:" line per line of
    /// data, as the reader joined them with "\n"). An event without a name is written without one.
    /// </summary>
    public static byte[] Frame(string? eventName, ReadOnlySpan<byte> data)
    {
        var output = new ArrayBufferWriter<byte>(data.Length + 32 + (eventName?.Length ?? 0));
        if (eventName is not null) WriteHead(output, eventName);
        while (true)
        {
            var newline = data.IndexOf((byte)'\n');
            output.Write("data: "u8);
            output.Write(newline < 0 ? data : data[..newline]);
            output.Write("\n"u8);
            if (newline < 0) break;
            data = data[(newline + 1)..];
        }
        output.Write("\n"u8);
        return output.WrittenSpan.ToArray();
    }

    private static void WriteHead(IBufferWriter<byte> output, string eventName)
    {
        output.Write("event: "u8);
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(eventName.Length));
        output.Advance(Encoding.UTF8.GetBytes(eventName, span));
        output.Write("\n"u8);
    }
}
