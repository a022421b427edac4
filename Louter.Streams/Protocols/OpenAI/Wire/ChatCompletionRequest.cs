using System.Text.Json;

namespace Louter.Streams.Protocols.OpenAI.Wire;

/// <summary>
/// POST /v1/chat/completions request body: the fields Louter reads. Fields not listed here are not
/// lost: the same-protocol path forwards the original bytes (see <see cref="ChatRequestRewriter"/>).
/// </summary>
public sealed class ChatCompletionRequest
{
    public string? Model { get; set; }
    public List<ChatMessage>? Messages { get; set; }
    public bool? Stream { get; set; }
    public StreamOptions? StreamOptions { get; set; }
    public long? MaxTokens { get; set; }
    public long? MaxCompletionTokens { get; set; }
    public double? Temperature { get; set; }
    public double? TopP { get; set; }
    public List<ChatTool>? Tools { get; set; }
    public JsonElement? ToolChoice { get; set; }
    public ResponseFormat? ResponseFormat { get; set; }
    public string? ReasoningEffort { get; set; }
    public List<string>? Modalities { get; set; }

    /// <summary>A string or an array of strings.</summary>
    public JsonElement? Stop { get; set; }
    public long? Seed { get; set; }
    public double? PresencePenalty { get; set; }
    public double? FrequencyPenalty { get; set; }
    public int? N { get; set; }
    public string? User { get; set; }
    public bool? ParallelToolCalls { get; set; }
}
