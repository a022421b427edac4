namespace Louter.Streams.Canonical;

/// <summary>
/// How much the model should think. Clients speak in efforts (OpenAI: minimal/low/medium/high) or
/// token budgets (Anthropic budget_tokens, Gemini thinkingBudget); codecs convert between them.
/// </summary>
public sealed record Reasoning
{
    public string? Effort { get; init; }
    public long? BudgetTokens { get; init; }

    /// <summary>Whether the client wants the reasoning text back (Gemini includeThoughts).</summary>
    public bool? IncludeThoughts { get; init; }

    /// <summary>Explicitly off (Anthropic thinking disabled, Gemini budget 0).</summary>
    public bool Disabled { get; init; }
}
