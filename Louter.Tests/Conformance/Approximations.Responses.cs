using Louter.Streams.Canonical;
using Louter.Streams.Codecs;

namespace Louter.Tests.Conformance;

internal static partial class Approximations
{
    /// <summary>
    /// A freeform tool as a backend of another protocol receives it: a function with one string
    /// parameter "input" (each builder's FreeformSchema, restated here on purpose), and every call of
    /// it with its raw input wrapped as <c>{"input": raw}</c> (<see cref="FreeformInput.Wrap"/>).
    /// </summary>
    public static ChatRequest FreeformAsFunction(ChatRequest r, Proto upstream)
    {
        var schema = Answers.Json(upstream switch
        {
            Proto.Anthropic => """{"type":"object","properties":{"input":{"type":"string","description":"The complete raw input for this tool."}},"required":["input"]}""",
            Proto.Gemini => """{"type":"object","properties":{"input":{"type":"string","description":"The raw input for this tool."}},"required":["input"]}""",
            _ => """{"type":"object","properties":{"input":{"type":"string"}},"required":["input"]}""",
        });
        var freeform = r.Tools.Where(t => t.Freeform).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        return r with
        {
            Tools = [.. r.Tools.Select(t => t.Freeform ? t with { Freeform = false, InputSchema = schema } : t)],
            Messages = [.. r.Messages.Select(m => m with
            {
                Content = [.. m.Content.Select(b => b is ToolUseBlock u && freeform.Contains(u.Name) ? u with { ArgumentsJson = FreeformInput.Wrap(u.ArgumentsJson) } : b)],
            })],
        };
    }

    /// <summary>
    /// Reasoning as a Responses request can say it (ResponsesRequestBuilder.ReasoningOf, read back by
    /// ResponsesRequestMapper.ReasoningOf): an effort (a budget maps to the nearest, as for Chat
    /// Completions) and summary "auto" when the thoughts are wanted; "off" is simply not asking.
    /// </summary>
    private static Reasoning? ResponsesReasoning(Reasoning r)
    {
        if (r.Disabled) return null;
        var effort = r.Effort ?? r.BudgetTokens switch { null => null, <= 2048 => "low", <= 16384 => "medium", _ => "high" };
        bool? include = r.IncludeThoughts == true ? true : null;
        return effort is null && include is null ? null : new Reasoning { Effort = effort, IncludeThoughts = include };
    }
}
