namespace Louter.Streams.Protocols.Gemini.Wire;

/// <summary><c>fileData</c>: a URI the API fetches itself (Files API URIs, gs://, some https).</summary>
public sealed class FileData
{
    public string? MimeType { get; set; }
    public string? FileUri { get; set; }
}
