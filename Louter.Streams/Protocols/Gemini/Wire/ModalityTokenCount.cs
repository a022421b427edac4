namespace Louter.Streams.Protocols.Gemini.Wire;

/// <summary><c>{"modality":"TEXT","tokenCount":3}</c>.</summary>
public sealed class ModalityTokenCount
{
    public string? Modality { get; set; }
    public long? TokenCount { get; set; }
}
