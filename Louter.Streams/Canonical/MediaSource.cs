namespace Louter.Streams.Canonical;

/// <summary>Where the bytes of an image, audio clip or document are: inline, at a URL, or a provider file id.</summary>
public abstract record MediaSource
{
    private MediaSource() { }

    /// <summary>Base64 data with its MIME type (e.g. image/png, audio/wav, application/pdf).</summary>
    public sealed record Inline(string MimeType, string Base64Data) : MediaSource;

    /// <summary>A URL (http(s), or gs:// for Gemini). MIME type when known.</summary>
    public sealed record Url(string Address, string? MimeType = null) : MediaSource;

    /// <summary>A file uploaded to one provider; only that provider can resolve it.</summary>
    public sealed record FileId(string Id, string? Provider = null) : MediaSource;
}
