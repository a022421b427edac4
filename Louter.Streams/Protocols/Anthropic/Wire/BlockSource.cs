namespace Louter.Streams.Protocols.Anthropic.Wire;

/// <summary>Where an image's or document's bytes are: base64, url, text (documents), file, or content blocks.</summary>
public sealed class BlockSource
{
    /// <summary>"base64" | "url" | "text" | "file" | "content".</summary>
    public string? Type { get; set; }
    public string? MediaType { get; set; }
    public string? Data { get; set; }
    public string? Url { get; set; }
    public string? FileId { get; set; }
    public MessageContent? Content { get; set; }
}
