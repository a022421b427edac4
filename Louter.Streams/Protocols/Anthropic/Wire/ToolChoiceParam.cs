namespace Louter.Streams.Protocols.Anthropic.Wire;

/// <summary>How the model must use the tools.</summary>
public sealed class ToolChoiceParam
{
    /// <summary>"auto" | "any" | "tool" (with name) | "none".</summary>
    public string? Type { get; set; }
    public string? Name { get; set; }
    public bool? DisableParallelToolUse { get; set; }
}
