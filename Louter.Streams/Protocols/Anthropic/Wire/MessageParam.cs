namespace Louter.Streams.Protocols.Anthropic.Wire;

/// <summary>One turn of the conversation.</summary>
public sealed class MessageParam
{
    /// <summary>"user" | "assistant".</summary>
    public string? Role { get; set; }
    public MessageContent? Content { get; set; }
}
