namespace Louter.Streams.Protocols.Anthropic.Wire;

/// <summary>The last event of a complete answer.</summary>
public sealed class MessageStopEvent
{
    public string Type { get; set; } = "message_stop";
}
