namespace Louter.Streams.Protocols.Anthropic.Wire;

/// <summary>Extended thinking.</summary>
public sealed class ThinkingParam
{
    /// <summary>"enabled" (with budget_tokens) | "disabled" | "adaptive".</summary>
    public string? Type { get; set; }
    public long? BudgetTokens { get; set; }
}
