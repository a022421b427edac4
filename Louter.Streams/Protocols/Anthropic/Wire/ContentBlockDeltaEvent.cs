namespace Louter.Streams.Protocols.Anthropic.Wire;

/// <summary>Adds to the open block: text_delta, input_json_delta, thinking_delta or signature_delta.</summary>
public sealed class ContentBlockDeltaEvent
{
    public string Type { get; set; } = "content_block_delta";
    public int Index { get; set; }
    public required EventDelta Delta { get; set; }
}
