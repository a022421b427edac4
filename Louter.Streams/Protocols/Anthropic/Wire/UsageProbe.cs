namespace Louter.Streams.Protocols.Anthropic.Wire;

/// <summary>
/// The few fields the same-protocol relay reads from an event or a body: its type, usage (top-level
/// in message_delta and Message bodies, under "message" in message_start) and an error. Content is
/// skipped unparsed.
/// </summary>
public sealed class UsageProbe
{
    public string? Type { get; set; }
    public UsageHolder? Message { get; set; }
    public MessageUsage? Usage { get; set; }
    public ErrorBody? Error { get; set; }
}
