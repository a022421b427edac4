using Louter.Streams.Canonical;
using Louter.Streams.Protocols.Gemini.Wire;

namespace Louter.Streams.Protocols.Gemini;

/// <summary>
/// Gemini has one inlineData / fileData part for every medium and tells them apart by MIME type;
/// canonical has a block per medium. image/* → image, audio/* → audio, video/* → video, anything
/// else (application/pdf, text/*) → document.
/// </summary>
public static class GeminiMedia
{
    public static ContentBlock ToBlock(string? mimeType, MediaSource source)
    {
        var mime = mimeType ?? "";
        if (mime.StartsWith("image/", StringComparison.OrdinalIgnoreCase)) return new ImageBlock(source);
        if (mime.StartsWith("audio/", StringComparison.OrdinalIgnoreCase)) return new AudioBlock(source, AudioFormat(mime));
        if (mime.StartsWith("video/", StringComparison.OrdinalIgnoreCase)) return new VideoBlock(source);
        return new DocumentBlock(source);
    }

    public static ContentBlock FromInline(Blob blob) =>
        ToBlock(blob.MimeType, new MediaSource.Inline(blob.MimeType ?? "application/octet-stream", blob.Data ?? ""));

    public static ContentBlock FromFile(FileData file) =>
        ToBlock(file.MimeType, new MediaSource.Url(file.FileUri ?? "", file.MimeType));

    /// <summary>
    /// A canonical source → the Gemini part that carries it. A data: URL becomes inline bytes (Gemini
    /// does not fetch data: URLs). A file id becomes a fileData URI: only the Gemini Files API can
    /// resolve one, and if it is another provider's id the backend's own 400 says so.
    /// </summary>
    public static Part ToPart(MediaSource source, string? fallbackMime) => source switch
    {
        MediaSource.Inline inline => new Part { InlineData = new Blob { MimeType = inline.MimeType, Data = inline.Base64Data } },
        MediaSource.Url url when TryParseDataUrl(url.Address, out var mime, out var data) =>
            new Part { InlineData = new Blob { MimeType = mime, Data = data } },
        MediaSource.Url url => new Part { FileData = new FileData { FileUri = url.Address, MimeType = url.MimeType ?? fallbackMime } },
        MediaSource.FileId file => new Part { FileData = new FileData { FileUri = file.Id, MimeType = fallbackMime } },
        _ => throw new ArgumentOutOfRangeException(nameof(source)),
    };

    /// <summary>"audio/wav" → "wav", "audio/mpeg" → "mp3"; the short names OpenAI's input_audio uses.</summary>
    private static string? AudioFormat(string mime)
    {
        var subtype = mime[(mime.IndexOf('/', StringComparison.Ordinal) + 1)..].ToLowerInvariant();
        return subtype switch
        {
            "mpeg" or "mp3" => "mp3",
            "wav" or "x-wav" or "wave" => "wav",
            "" => null,
            _ => subtype,
        };
    }

    private static bool TryParseDataUrl(string address, out string mime, out string data)
    {
        mime = data = "";
        const string prefix = "data:";
        const string marker = ";base64,";
        if (!address.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return false;
        var at = address.IndexOf(marker, StringComparison.OrdinalIgnoreCase);
        if (at < 0) return false;
        mime = address[prefix.Length..at];
        data = address[(at + marker.Length)..];
        return true;
    }
}
