namespace Louter.Streams.Protocols.Anthropic.Wire;

/// <summary>One turn of the conversation.</summary>
public sealed class MessageParam
{
    /// <summary>"user" | "assistant" | "system" (a mid-conversation system message: text blocks only).</summary>
    public string? Role { get; set; }
    public MessageContent? Content { get; set; }
}
