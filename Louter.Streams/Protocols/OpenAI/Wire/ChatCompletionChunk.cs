using System.Text.Json.Serialization;

namespace Louter.Streams.Protocols.OpenAI.Wire;

/// <summary>One streamed chunk (<c>object: "chat.completion.chunk"</c>).</summary>
public sealed class ChatCompletionChunk
{
    public string? Id { get; set; }
    public string Object { get; set; } = "chat.completion.chunk";
    public long Created { get; set; }
    public string? Model { get; set; }
    public List<ChatChunkChoice>? Choices { get; set; }
    public ChatUsage? Usage { get; set; }
    public string? SystemFingerprint { get; set; }

    /// <summary>OpenAI sends errors inside an open stream as a chunk with only this field.</summary>
    public OpenAIError? Error { get; set; }

    /// <summary>Back to a new chunk's state, for a reader that reuses one per stream (every property above).</summary>
    internal void Clear()
    {
        Id = null;
        Object = "chat.completion.chunk";
        Created = 0;
        Model = null;
        Choices = null;
        Usage = null;
        SystemFingerprint = null;
        Error = null;
    }
}

public sealed class ChatChunkChoice
{
    public int Index { get; set; }
    public ChatDelta? Delta { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? FinishReason { get; set; }

    /// <summary>Back to a new choice's state (every property above).</summary>
    internal void Clear()
    {
        Index = 0;
        Delta = null;
        FinishReason = null;
    }
}

public sealed class ChatDelta
{
    public string? Role { get; set; }
    public string? Content { get; set; }

    /// <summary>Reasoning text (DeepSeek, vLLM, llama.cpp: reasoning_content; OpenRouter and newer vLLM: reasoning).</summary>
    public string? ReasoningContent { get; set; }
    public string? Reasoning { get; set; }
    public List<ChatToolCall>? ToolCalls { get; set; }
    public string? Refusal { get; set; }

    /// <summary>Back to a new delta's state (every property above).</summary>
    internal void Clear()
    {
        Role = null;
        Content = null;
        ReasoningContent = null;
        Reasoning = null;
        ToolCalls = null;
        Refusal = null;
    }
}
