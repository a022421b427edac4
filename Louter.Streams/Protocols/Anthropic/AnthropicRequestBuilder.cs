using System.Text.Json;
using Louter.Streams.Canonical;
using Louter.Streams.Protocols.Anthropic.Wire;
using Louter.Streams.Routing;

namespace Louter.Streams.Protocols.Anthropic;

/// <summary>
/// A canonical request → an Anthropic Messages request, for a client of another protocol. Pure:
/// everything it needs is in the request and the route. What Anthropic cannot take is refused with
/// a <see cref="Codecs.CodecException"/> naming the part; what it takes differently is approximated
/// here, each approximation with its reason.
/// </summary>
public static partial class AnthropicRequestBuilder
{
    /// <summary>
    /// max_tokens when the client gave none. Anthropic rejects a request without it ("max_tokens:
    /// Field required") while OpenAI and Gemini clients usually omit it and mean "the model's
    /// limit". 4096 is an output every current Claude model allows, large enough for a long answer;
    /// a client that wants more says so.
    /// </summary>
    public const long DefaultMaxTokens = 4096;

    /// <summary>Anthropic's smallest thinking budget; a smaller budget_tokens is rejected.</summary>
    public const long MinThinkingBudget = 1024;

    /// <summary>
    /// Budgets for clients that speak in efforts (OpenAI reasoning_effort). Anthropic takes only a
    /// token budget; these follow the spread of its documentation's examples (minimum, a typical
    /// budget, a large one).
    /// </summary>
    public const long LowEffortBudget = 1024, MediumEffortBudget = 8192, HighEffortBudget = 24576;

    public static MessagesRequest Build(ChatRequest request, RouteCandidate target)
    {
        var backend = target.Backend.Name;
        var freeform = request.Tools.Where(t => t.Freeform).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var tools = Tools(request.Tools);
        var toolChoice = tools is null ? null : ToolChoiceOf(request.ToolChoice);

        var maxTokens = request.Sampling.MaxOutputTokens ?? DefaultMaxTokens;
        var budget = BudgetOf(request.Reasoning);
        // Anthropic: "Thinking may not be enabled when tool_choice forces tool use." The client's
        // explicit demand for a tool outranks a wish for reasoning.
        if (toolChoice?.Type is "any" or "tool") budget = null;
        if (budget is { } b && b >= maxTokens)
        {
            // budget_tokens must be below max_tokens. A default max_tokens grows to make room; a
            // max_tokens the client chose wins, and the budget shrinks (or thinking goes) instead.
            if (request.Sampling.MaxOutputTokens is null) maxTokens = b + DefaultMaxTokens;
            else budget = maxTokens - 1 >= MinThinkingBudget ? maxTokens - 1 : null;
        }
        var thinking = budget is { } t ? new ThinkingParam { Type = "enabled", BudgetTokens = t } : null;

        var s = request.Sampling;
        return new MessagesRequest
        {
            Model = target.UpstreamModel,
            Messages = Messages(request, backend, freeform),
            System = System(request),
            MaxTokens = maxTokens,
            StopSequences = s.Stop.Count > 0 ? [.. s.Stop] : null,
            // With thinking on, Anthropic rejects temperature and top_k changes and a top_p below 0.95.
            Temperature = thinking is null ? ClampTemperature(s.Temperature) : null,
            TopP = thinking is null || s.TopP >= 0.95 ? s.TopP : null,
            TopK = thinking is null ? s.TopK : null,
            Stream = request.Stream ? true : null,
            Tools = tools,
            ToolChoice = toolChoice,
            Thinking = thinking,
            Metadata = request.User is null ? null : new RequestMetadata { UserId = request.User },
            // Seed, presence/frequency penalties and candidate count have no Anthropic equivalent: dropped.
        };
    }

    /// <summary>OpenAI's temperature runs 0..2, Anthropic's 0..1 (it rejects more): clamp rather than fail the request.</summary>
    public static double? ClampTemperature(double? t) => t is null ? null : Math.Clamp(t.Value, 0, 1);

    private static long? BudgetOf(Reasoning? r)
    {
        if (r is null || r.Disabled) return null;
        if (r.BudgetTokens is { } budget) return budget <= 0 ? null : Math.Max(budget, MinThinkingBudget);
        return r.Effort?.ToLowerInvariant() switch
        {
            "none" or "minimal" => null,
            "low" => LowEffortBudget,
            "medium" => MediumEffortBudget,
            "high" or "xhigh" => HighEffortBudget,
            null => r.IncludeThoughts == true ? MediumEffortBudget : null,
            _ => MediumEffortBudget,
        };
    }

    /// <summary>
    /// System text, plus the structured-output instruction. Anthropic's stable Messages API has no
    /// response_format: a JSON schema becomes an instruction with the schema in it. The model
    /// follows it well but nothing enforces it, so the answer is JSON by request, not by construction.
    /// </summary>
    private static MessageContent? System(ChatRequest request)
    {
        var blocks = request.System
            .Where(t => t.Text.Length > 0)
            .Select(t => new WireBlock { Type = "text", Text = t.Text, CacheControl = CacheControlOf(t.CacheControl) })
            .ToList<WireBlock?>();
        if (JsonInstruction(request.ResponseFormat) is { } instruction)
            blocks.Add(new WireBlock { Type = "text", Text = instruction });

        if (blocks.Count == 0) return null;
        // One plain block as a string: what Anthropic-compatible servers that predate system blocks accept.
        return blocks is [{ CacheControl: null, Text: { } only }] ? MessageContent.Of(only) : MessageContent.Of(blocks);
    }

    private static string? JsonInstruction(ResponseFormat? format) => format?.Kind switch
    {
        ResponseFormatKind.JsonSchema when format.Schema is { } schema =>
            "Respond with a single JSON value that conforms to the JSON Schema below, and nothing else: " +
            "no text before or after it, no Markdown code fences.\n" + schema.GetRawText(),
        ResponseFormatKind.JsonSchema or ResponseFormatKind.JsonObject =>
            "Respond with a single JSON object and nothing else: no text before or after it, no Markdown code fences.",
        _ => null,
    };

    private static List<ToolParam?>? Tools(IReadOnlyList<ToolDefinition> tools)
    {
        if (tools.Count == 0) return null;
        return tools.Select(t => (ToolParam?)new ToolParam
        {
            Name = t.Name,
            Description = t.Description,
            InputSchema = t.Freeform ? FreeformSchema : t.InputSchema ?? EmptySchema,
        }).ToList();
    }

    /// <summary>
    /// Anthropic tools take JSON objects only. A freeform tool (one raw string, like Codex's
    /// apply_patch) becomes a tool with one string parameter "input". The model's calls then carry
    /// <c>{"input": "…"}</c>; turning that back into the raw string needs to know the tool is
    /// freeform, which only the request does.
    /// </summary>
    private static readonly JsonElement FreeformSchema = JsonElement.Parse(
        """{"type":"object","properties":{"input":{"type":"string","description":"The complete raw input for this tool."}},"required":["input"]}""");

    private static readonly JsonElement EmptySchema = JsonElement.Parse("""{"type":"object","properties":{}}""");

    private static ToolChoiceParam? ToolChoiceOf(ToolChoice? choice)
    {
        if (choice is null) return null;
        var disableParallel = choice.ParallelCalls == false ? true : (bool?)null;
        return choice.Mode switch
        {
            ToolChoiceMode.None => new ToolChoiceParam { Type = "none" },
            ToolChoiceMode.Required => new ToolChoiceParam { Type = "any", DisableParallelToolUse = disableParallel },
            ToolChoiceMode.Specific when !string.IsNullOrEmpty(choice.Name) =>
                new ToolChoiceParam { Type = "tool", Name = choice.Name, DisableParallelToolUse = disableParallel },
            ToolChoiceMode.Specific => new ToolChoiceParam { Type = "any", DisableParallelToolUse = disableParallel },
            _ => new ToolChoiceParam { Type = "auto", DisableParallelToolUse = disableParallel },
        };
    }

    private static CacheControlParam? CacheControlOf(CacheControl? c) =>
        c is null ? null : new CacheControlParam { Type = c.Type, Ttl = c.Ttl };
}
