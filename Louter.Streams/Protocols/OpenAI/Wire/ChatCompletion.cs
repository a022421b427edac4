using System.Text.Json.Serialization;

namespace Louter.Streams.Protocols.OpenAI.Wire;

/// <summary>A non-streaming chat completion response.</summary>
public sealed class ChatCompletion
{
    public string? Id { get; set; }
    public string Object { get; set; } = "chat.completion";
    public long Created { get; set; }
    public string? Model { get; set; }
    public List<ChatChoice>? Choices { get; set; }
    public ChatUsage? Usage { get; set; }
    public string? SystemFingerprint { get; set; }
}

public sealed class ChatChoice
{
    public int Index { get; set; }
    public ChatMessage? Message { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? FinishReason { get; set; }
}
