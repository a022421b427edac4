using System.Buffers.Binary;
using System.IO.Compression;

namespace Louter.Host.Diagnostics;

/// <summary>
/// The vision probe's image: an 8×8 solid red PNG, built here rather than shipped as a file. Some
/// servers refuse 1×1 images as "too small to process", so it is 8×8.
/// </summary>
internal static class TinyPng
{
    public const string MimeType = "image/png";

    // Before Base64: static fields initialise in source order, and Base64 needs the table.
    private static readonly uint[] Table = BuildTable();

    public static string Base64 { get; } = Convert.ToBase64String(Create(8, 8, 0xE0, 0x20, 0x20));

    public static byte[] Create(int width, int height, byte r, byte g, byte b)
    {
        // Each scanline: filter byte 0 (none), then RGB triples.
        var raw = new byte[height * (1 + 3 * width)];
        for (var y = 0; y < height; y++)
        {
            var row = y * (1 + 3 * width);
            for (var x = 0; x < width; x++)
            {
                raw[row + 1 + 3 * x] = r;
                raw[row + 2 + 3 * x] = g;
                raw[row + 3 + 3 * x] = b;
            }
        }

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true)) zlib.Write(raw);

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 2; // colour type: truecolour RGB

        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR"u8, header);
        Chunk(png, "IDAT"u8, compressed.ToArray());
        Chunk(png, "IEND"u8, []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        png.Write(word);
        png.Write(type);
        png.Write(data);
        var crc = Crc32(Crc32(0xFFFFFFFFu, type), data) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        png.Write(word);
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }

    private static uint Crc32(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (var b in data) crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }
}
