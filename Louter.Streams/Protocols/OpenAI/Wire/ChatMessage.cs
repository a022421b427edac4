namespace Louter.Streams.Protocols.OpenAI.Wire;

public sealed class ChatMessage
{
    /// <summary>system | developer | user | assistant | tool | function.</summary>
    public string? Role { get; set; }
    public ChatContent? Content { get; set; }
    public string? Name { get; set; }
    public List<ChatToolCall>? ToolCalls { get; set; }
    public string? ToolCallId { get; set; }
    public string? Refusal { get; set; }
}
