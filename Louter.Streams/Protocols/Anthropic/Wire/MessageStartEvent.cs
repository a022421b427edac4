namespace Louter.Streams.Protocols.Anthropic.Wire;

/// <summary>The first event Louter writes: the Message skeleton (empty content, null stop reason, input usage).</summary>
public sealed class MessageStartEvent
{
    public string Type { get; set; } = "message_start";
    public required MessageResponse Message { get; set; }
}
