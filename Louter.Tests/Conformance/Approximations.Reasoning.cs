using Louter.Streams.Canonical;

namespace Louter.Tests.Conformance;

internal static partial class Approximations
{
    /// <summary>
    /// A request for reasoning as protocol <paramref name="protocol"/> can say it, restated from its
    /// request writer and read back by its request mapper. OpenAI takes an effort (OpenAIRequestWriter.EffortOf:
    /// a budget ≤ 2k is low, ≤ 16k medium, more high) and cannot say "off" on Chat Completions;
    /// Anthropic takes a budget of at least 1024 (AnthropicRequestBuilder.BudgetOf: efforts low 1024,
    /// medium 8192, high 24576) and always shows the thinking, or nothing when off; Gemini takes a
    /// budget (GeminiRequestBuilder.BudgetFor), 0 for off, and includeThoughts only when asked.
    /// </summary>
    public static Reasoning? ReasoningAs(Proto protocol, Reasoning? r)
    {
        if (r is null) return null;
        switch (protocol)
        {
            case Proto.Responses:
                return ResponsesReasoning(r);

            case Proto.OpenAI:
                if (r.Disabled) return null;
                var effort = r.Effort ?? r.BudgetTokens switch { null => null, <= 2048 => "low", <= 16384 => "medium", _ => "high" };
                return effort is null ? null : new Reasoning { Effort = effort };

            case Proto.Anthropic:
                long? budget = r.Disabled ? null
                    : r.BudgetTokens is { } b ? (b <= 0 ? null : Math.Max(b, 1024))
                    : r.Effort?.ToLowerInvariant() switch
                    {
                        "none" or "minimal" => null,
                        "low" => 1024,
                        "medium" => 8192,
                        "high" or "xhigh" => 24576,
                        null => r.IncludeThoughts == true ? 8192 : null,
                        _ => 8192,
                    };
                return budget is null ? null : new Reasoning { BudgetTokens = budget, IncludeThoughts = true };

            default:
                long? thinkingBudget = r.Disabled ? 0 : r.BudgetTokens ?? r.Effort?.ToLowerInvariant() switch
                {
                    "none" => 0,
                    "minimal" => 512,
                    "low" => 1024,
                    "medium" => 8192,
                    "high" => 24576,
                    "xhigh" => 32768,
                    _ => (long?)null,
                };
                bool? include = !r.Disabled && r.IncludeThoughts == true ? true : null;
                if (thinkingBudget is null && include is null) return null;
                return new Reasoning { Disabled = thinkingBudget == 0, BudgetTokens = thinkingBudget > 0 ? thinkingBudget : null, IncludeThoughts = include };
        }
    }
}
