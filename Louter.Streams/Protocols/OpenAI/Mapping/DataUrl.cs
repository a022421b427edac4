namespace Louter.Streams.Protocols.OpenAI.Mapping;

/// <summary>RFC 2397 data URLs as OpenAI carries inline media: <c>data:image/png;base64,iVBOR…</c>.</summary>
public static class DataUrl
{
    public static bool TryParse(string url, out string mimeType, out string base64)
    {
        mimeType = "";
        base64 = "";
        if (!url.StartsWith("data:", StringComparison.OrdinalIgnoreCase)) return false;
        var comma = url.IndexOf(',', StringComparison.Ordinal);
        if (comma < 0) return false;
        var meta = url.AsSpan(5, comma - 5);
        if (!meta.EndsWith(";base64", StringComparison.OrdinalIgnoreCase)) return false;
        mimeType = meta[..^7].ToString();
        if (mimeType.Length == 0) mimeType = "application/octet-stream";
        base64 = url[(comma + 1)..];
        return true;
    }

    public static string Create(string mimeType, string base64) => $"data:{mimeType};base64,{base64}";
}
