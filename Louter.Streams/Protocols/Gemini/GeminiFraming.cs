using System.Buffers;

namespace Louter.Streams.Protocols.Gemini;

/// <summary>
/// The two ways a Gemini stream reaches a client: server-sent events (<c>alt=sse</c>: one
/// <c>data:</c> event per chunk, no end marker) or, without <c>alt</c>, one JSON array written
/// element by element (<c>[</c> first, <c>,</c> before each further element, <c>]</c> at the end).
/// </summary>
public static class GeminiFraming
{
    /// <summary>One SSE event. A payload with line breaks gets one data line per line, so no line is cut.</summary>
    public static byte[] SseEvent(ReadOnlySpan<byte> payload)
    {
        var output = new ArrayBufferWriter<byte>(payload.Length + 16);
        WriteSseEvent(payload, output);
        return output.WrittenSpan.ToArray();
    }

    public static void WriteSseEvent(ReadOnlySpan<byte> payload, IBufferWriter<byte> output)
    {
        while (true)
        {
            var newline = payload.IndexOf((byte)'\n');
            var line = newline < 0 ? payload : payload[..newline];
            if (line.Length > 0 && line[^1] == '\r') line = line[..^1];
            output.Write("data: "u8);
            output.Write(line);
            output.Write("\n"u8);
            if (newline < 0) break;
            payload = payload[(newline + 1)..];
        }
        output.Write("\n"u8);
    }

    /// <summary>One array element: "[" before the first, "," before the others.</summary>
    public static void WriteArrayElement(ReadOnlySpan<byte> element, bool first, IBufferWriter<byte> output)
    {
        output.Write(first ? "["u8 : ",\r\n"u8);
        output.Write(element);
    }

    /// <summary>Closes the array; an array that never got an element is written whole, "[]".</summary>
    public static void WriteArrayEnd(bool started, IBufferWriter<byte> output) => output.Write(started ? "]"u8 : "[]"u8);
}
