using System.Text.Json;

namespace Louter.Streams.Canonical;

/// <summary>A tool the model may call. <see cref="InputSchema"/> is a standard JSON Schema object.</summary>
public sealed record ToolDefinition(string Name)
{
    public string? Description { get; init; }
    public JsonElement? InputSchema { get; init; }

    /// <summary>OpenAI "strict" structured arguments.</summary>
    public bool? Strict { get; init; }

    /// <summary>A freeform tool whose input is one raw string (OpenAI Responses "custom" tools).</summary>
    public bool Freeform { get; init; }
}

public enum ToolChoiceMode
{
    Auto,
    None,
    /// <summary>Must call some tool (OpenAI "required", Anthropic "any", Gemini ANY).</summary>
    Required,
    /// <summary>Must call the tool named in <see cref="ToolChoice.Name"/>.</summary>
    Specific,
}

public sealed record ToolChoice(ToolChoiceMode Mode, string? Name = null)
{
    /// <summary>False when the client asked for at most one call per turn.</summary>
    public bool? ParallelCalls { get; init; }
}
