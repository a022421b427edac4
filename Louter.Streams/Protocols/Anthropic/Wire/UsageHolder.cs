namespace Louter.Streams.Protocols.Anthropic.Wire;

/// <summary>message_start's "message", read for its usage only.</summary>
public sealed class UsageHolder
{
    public MessageUsage? Usage { get; set; }
}
