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

    /// <summary>Reasoning text, as DeepSeek, vLLM and llama.cpp send it on assistant messages (not part of OpenAI's own API).</summary>
    public string? ReasoningContent { get; set; }
}
