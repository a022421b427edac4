namespace Louter.Streams.Canonical;

/// <summary>
/// A chat request in Louter's canonical form: what every frontend decodes to (when the backend
/// speaks another protocol) and every backend encodes from.
/// </summary>
public sealed record ChatRequest(string Model, IReadOnlyList<ChatMessage> Messages)
{
    /// <summary>System instructions (OpenAI system/developer messages, Anthropic system, Gemini systemInstruction).</summary>
    public IReadOnlyList<TextBlock> System { get; init; } = [];

    public IReadOnlyList<ToolDefinition> Tools { get; init; } = [];
    public ToolChoice? ToolChoice { get; init; }
    public Sampling Sampling { get; init; } = new();
    public ResponseFormat? ResponseFormat { get; init; }
    public Reasoning? Reasoning { get; init; }
    public bool Stream { get; init; }

    /// <summary>End-user id for abuse tracking (OpenAI user, Anthropic metadata.user_id).</summary>
    public string? User { get; init; }
}
