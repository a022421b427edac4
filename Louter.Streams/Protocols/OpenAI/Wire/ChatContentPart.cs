namespace Louter.Streams.Protocols.OpenAI.Wire;

/// <summary>One part of a multi-part message: text, image_url, input_audio, file or refusal.</summary>
public sealed class ChatContentPart
{
    public string? Type { get; set; }
    public string? Text { get; set; }
    public ImageUrlPart? ImageUrl { get; set; }
    public InputAudioPart? InputAudio { get; set; }
    public FilePart? File { get; set; }
    public string? Refusal { get; set; }
}

public sealed class ImageUrlPart
{
    public string? Url { get; set; }
    public string? Detail { get; set; }
}

public sealed class InputAudioPart
{
    public string? Data { get; set; }
    public string? Format { get; set; }
}

public sealed class FilePart
{
    public string? FileId { get; set; }
    public string? FileData { get; set; }
    public string? Filename { get; set; }
}
