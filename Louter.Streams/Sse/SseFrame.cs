namespace Louter.Streams.Sse;

/// <summary>Writes server-sent events.</summary>
public static class SseFrame
{
    /// <summary><c>data: {payload}\n\n</c> — one event whose payload is a single line (JSON never holds a raw newline).</summary>
    public static byte[] Data(ReadOnlySpan<byte> payload)
    {
        var framed = new byte[payload.Length + 8];
        "data: "u8.CopyTo(framed);
        payload.CopyTo(framed.AsSpan(6));
        "\n\n"u8.CopyTo(framed.AsSpan(6 + payload.Length));
        return framed;
    }

    /// <summary>The same event written onto <paramref name="output"/>.</summary>
    public static void WriteData(System.Buffers.IBufferWriter<byte> output, ReadOnlySpan<byte> payload)
    {
        var span = output.GetSpan(payload.Length + 8);
        "data: "u8.CopyTo(span);
        payload.CopyTo(span[6..]);
        "\n\n"u8.CopyTo(span[(6 + payload.Length)..]);
        output.Advance(payload.Length + 8);
    }
}
