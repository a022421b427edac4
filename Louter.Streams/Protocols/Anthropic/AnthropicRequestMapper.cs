using Louter.Streams.Canonical;
using Louter.Streams.Protocols.Anthropic.Wire;

namespace Louter.Streams.Protocols.Anthropic;

/// <summary>A validated Messages request → canonical, for a backend of another protocol. Pure.</summary>
public static class AnthropicRequestMapper
{
    /// <remarks>
    /// Mid-conversation system messages (<c>role: "system"</c>) join the system prompt after the
    /// top-level <c>system</c>, as OpenAI system messages do wherever they stand: canonical has one
    /// system prompt, so their position in the conversation is what a translated request loses.
    /// </remarks>
    public static ChatRequest ToCanonical(MessagesRequest r)
    {
        var system = System(r.System);
        var messages = new List<ChatMessage>(r.Messages?.Count ?? 0);
        foreach (var m in r.Messages ?? [])
        {
            if (m is null) continue;
            if (m.Role == "system")
            {
                system.AddRange(System(m.Content));
                continue;
            }
            var role = m.Role == "assistant" ? ChatRole.Assistant : ChatRole.User;
            messages.Add(new ChatMessage(role, WireToCanonical.Blocks(m.Content)));
        }

        return new ChatRequest(r.Model ?? "", messages)
        {
            System = system,
            Tools = Tools(r.Tools),
            ToolChoice = ToolChoiceOf(r.ToolChoice),
            Sampling = new Sampling
            {
                Temperature = r.Temperature,
                TopP = r.TopP,
                TopK = r.TopK,
                Stop = r.StopSequences ?? [],
                MaxOutputTokens = r.MaxTokens,
            },
            ResponseFormat = ResponseFormatOf(r.OutputFormat ?? r.OutputConfig?.Format),
            Reasoning = ReasoningOf(r.Thinking),
            Stream = r.Stream == true,
            User = r.Metadata?.UserId,
        };
    }

    private static List<TextBlock> System(MessageContent? system)
    {
        if (system is null) return [];
        if (system.Text is { } text) return text.Length == 0 ? [] : [new TextBlock(text)];
        return system.Blocks?
            .Where(b => b?.Text is not null)
            .Select(b => new TextBlock(b!.Text!) { CacheControl = WireToCanonical.CacheControlOf(b.CacheControl) })
            .ToList() ?? [];
    }

    /// <summary>
    /// Custom tools only. Server and Anthropic-defined tools (web search, code execution, bash,
    /// text editor) run inside Anthropic or follow its own schemas: no other provider can honour
    /// them, so a translated request goes without them.
    /// </summary>
    private static List<ToolDefinition> Tools(List<ToolParam?>? tools) =>
        tools?
            .Where(t => t is { Raw: null, Name: not null })
            .Select(t => new ToolDefinition(t!.Name!) { Description = t.Description, InputSchema = t.InputSchema })
            .ToList() ?? [];

    private static ToolChoice? ToolChoiceOf(ToolChoiceParam? c)
    {
        if (c is null) return null;
        var mode = c.Type switch
        {
            "any" => ToolChoiceMode.Required,
            "tool" => ToolChoiceMode.Specific,
            "none" => ToolChoiceMode.None,
            _ => ToolChoiceMode.Auto,
        };
        return new ToolChoice(mode, mode == ToolChoiceMode.Specific ? c.Name : null)
        {
            ParallelCalls = c.DisableParallelToolUse == true ? false : null,
        };
    }

    private static Reasoning? ReasoningOf(ThinkingParam? t) => t?.Type switch
    {
        "enabled" => new Reasoning { BudgetTokens = t.BudgetTokens, IncludeThoughts = true },
        "adaptive" => new Reasoning { IncludeThoughts = true },
        "disabled" => new Reasoning { Disabled = true },
        _ => null,
    };

    private static ResponseFormat? ResponseFormatOf(OutputFormatParam? f) =>
        f?.Type == "json_schema" && f.Schema is { } schema
            ? new ResponseFormat(ResponseFormatKind.JsonSchema) { Schema = schema }
            : null;
}
