namespace Louter.Streams.Protocols.Anthropic.Wire;

/// <summary>The end of the content: stop reason and cumulative usage.</summary>
public sealed class MessageDeltaEvent
{
    public string Type { get; set; } = "message_delta";
    public required MessageDeltaBody Delta { get; set; }
    public MessageUsage? Usage { get; set; }
}
