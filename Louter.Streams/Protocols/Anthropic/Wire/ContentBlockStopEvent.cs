namespace Louter.Streams.Protocols.Anthropic.Wire;

/// <summary>Closes block <see cref="Index"/>.</summary>
public sealed class ContentBlockStopEvent
{
    public string Type { get; set; } = "content_block_stop";
    public int Index { get; set; }
}
