namespace Louter.Streams.Protocols.Gemini.Wire;

/// <summary><c>inlineData</c>: base64 bytes with their MIME type.</summary>
public sealed class Blob
{
    public string? MimeType { get; set; }
    public string? Data { get; set; }
}
