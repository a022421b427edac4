using System.Text.Json;
using Louter.Streams.Canonical;
using Louter.Streams.Protocols.Gemini.Wire;

namespace Louter.Streams.Protocols.Gemini;

/// <summary>
/// Canonical request → a generateContent body, for when Louter is the client of a Gemini backend.
/// Schemas go out as standard JSON Schema (<c>parametersJsonSchema</c>, <c>responseJsonSchema</c>) so
/// nothing is lost to the OpenAPI subset. The model and the streaming choice go in the URL.
/// </summary>
public static class GeminiRequestBuilder
{
    /// <summary>
    /// Thinking efforts → Gemini 2.5 budgets: minimal 512 (the smallest budget every 2.5 model
    /// accepts), low 1024, medium 8192, high 24576 (Flash's maximum), xhigh 32768 (Pro's maximum).
    /// "none" turns thinking off. An unknown effort leaves the budget to the model (dynamic).
    /// </summary>
    public static long? BudgetFor(string? effort) => effort?.ToLowerInvariant() switch
    {
        "none" => 0,
        "minimal" => 512,
        "low" => 1024,
        "medium" => 8192,
        "high" => 24576,
        "xhigh" => 32768,
        _ => null,
    };

    public static GenerateContentRequest ToWire(ChatRequest request)
    {
        var freeform = FreeformTools(request);
        return new GenerateContentRequest
        {
            Contents = GeminiContentsBuilder.Contents(request.Messages, freeform),
            SystemInstruction = request.System.Count == 0 ? null : new Content { Parts = [.. request.System.Select(t => new Part { Text = t.Text })] },
            Tools = Tools(request.Tools),
            ToolConfig = ToolConfigOf(request.ToolChoice),
            GenerationConfig = GenerationConfigOf(request),
        };
    }

    public static IReadOnlySet<string> FreeformTools(ChatRequest request) =>
        request.Tools.Where(t => t.Freeform).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);

    private static List<Tool>? Tools(IReadOnlyList<ToolDefinition> tools)
    {
        if (tools.Count == 0) return null;
        var declarations = tools.Select(t => new FunctionDeclaration
        {
            Name = t.Name,
            Description = t.Description,
            ParametersJsonSchema = t.Freeform ? FreeformSchema : t.InputSchema,
        }).ToList();
        return [new Tool { FunctionDeclarations = declarations }];
    }

    /// <summary>A freeform tool takes one raw string; Gemini has no such tool, so it gets one string parameter.</summary>
    private static readonly JsonElement FreeformSchema = JsonDocument.Parse(
        """{"type":"object","properties":{"input":{"type":"string","description":"The raw input for this tool."}},"required":["input"]}""").RootElement.Clone();

    /// <summary>Gemini cannot forbid parallel calls: <see cref="ToolChoice.ParallelCalls"/> is not sent.</summary>
    private static ToolConfig? ToolConfigOf(ToolChoice? choice) => choice is null ? null : new ToolConfig
    {
        FunctionCallingConfig = choice.Mode switch
        {
            ToolChoiceMode.None => new FunctionCallingConfig { Mode = "NONE" },
            ToolChoiceMode.Required => new FunctionCallingConfig { Mode = "ANY" },
            ToolChoiceMode.Specific => new FunctionCallingConfig { Mode = "ANY", AllowedFunctionNames = [choice.Name!] },
            _ => new FunctionCallingConfig { Mode = "AUTO" },
        },
    };

    /// <summary>
    /// Sampling, output format and thinking. candidateCount is not sent: Louter relays candidate 0
    /// only, and more candidates would cost tokens nobody receives.
    /// </summary>
    private static GenerationConfig? GenerationConfigOf(ChatRequest request)
    {
        var s = request.Sampling;
        var format = request.ResponseFormat;
        var json = format?.Kind is ResponseFormatKind.JsonObject or ResponseFormatKind.JsonSchema;
        var config = new GenerationConfig
        {
            Temperature = s.Temperature,
            TopP = s.TopP,
            TopK = s.TopK,
            MaxOutputTokens = s.MaxOutputTokens,
            StopSequences = s.Stop.Count > 0 ? [.. s.Stop] : null,
            Seed = s.Seed,
            PresencePenalty = s.PresencePenalty,
            FrequencyPenalty = s.FrequencyPenalty,
            ResponseMimeType = json ? "application/json" : null,
            ResponseJsonSchema = format?.Kind == ResponseFormatKind.JsonSchema ? format.Schema : null,
            ThinkingConfig = ThinkingOf(request.Reasoning),
        };
        var empty = config is
        {
            Temperature: null, TopP: null, TopK: null, MaxOutputTokens: null, StopSequences: null, Seed: null,
            PresencePenalty: null, FrequencyPenalty: null, ResponseMimeType: null, ThinkingConfig: null,
        };
        return empty ? null : config;
    }

    /// <summary>
    /// Budgets pass through; efforts become budgets (<see cref="BudgetFor"/>); Disabled is budget 0.
    /// includeThoughts is set only when the client asked to see the reasoning.
    /// </summary>
    private static ThinkingConfig? ThinkingOf(Reasoning? reasoning)
    {
        if (reasoning is null) return null;
        var budget = reasoning.Disabled ? 0 : reasoning.BudgetTokens ?? BudgetFor(reasoning.Effort);
        var include = !reasoning.Disabled && reasoning.IncludeThoughts == true ? true : (bool?)null;
        return budget is null && include is null ? null : new ThinkingConfig { ThinkingBudget = budget, IncludeThoughts = include };
    }
}
