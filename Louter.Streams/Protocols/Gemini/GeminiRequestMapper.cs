using System.Text.Json;
using Louter.Streams.Canonical;
using Louter.Streams.Protocols.Gemini.Wire;

namespace Louter.Streams.Protocols.Gemini;

/// <summary>
/// A validated generateContent request → canonical. The parts of each turn map through
/// <see cref="GeminiParts"/>; function calls get their id, or a stable one when the client sent none
/// (<see cref="GeminiToolIds"/>), and each function response is paired with its call: by id when it
/// has one, else by name among the calls of the last model turn not yet answered, else in order.
/// </summary>
public static class GeminiRequestMapper
{
    public static ChatRequest ToCanonical(GenerateContentRequest r, string model, bool stream)
    {
        var generation = r.GenerationConfig;
        return new ChatRequest(model, Messages(r.Contents ?? []))
        {
            System = SystemText(r.SystemInstruction),
            Tools = Tools(r.Tools),
            ToolChoice = ToolChoiceOf(r.ToolConfig?.FunctionCallingConfig),
            Sampling = SamplingOf(generation),
            ResponseFormat = ResponseFormatOf(generation),
            Reasoning = ReasoningOf(generation?.ThinkingConfig),
            Stream = stream,
        };
    }

    private static List<TextBlock> SystemText(Content? system) =>
        [.. (system?.Parts ?? []).Where(p => p?.Text is { Length: > 0 }).Select(p => new TextBlock(p!.Text!))];

    private static List<ChatMessage> Messages(List<Content> contents)
    {
        var messages = new List<ChatMessage>(contents.Count);
        var pending = new List<(string Id, string Name)>();
        for (var turn = 0; turn < contents.Count; turn++)
        {
            var content = contents[turn];
            var isModel = content.Role == "model";
            if (isModel) pending.Clear(); // a new model turn: calls left unanswered before it are abandoned

            var blocks = new List<ContentBlock>(content.Parts!.Count);
            for (var index = 0; index < content.Parts.Count; index++)
            {
                var part = content.Parts[index];
                if (part.FunctionCall is { } call)
                {
                    var id = string.IsNullOrEmpty(call.Id) ? GeminiToolIds.ForHistory(turn, index, call.Name!) : call.Id;
                    pending.Add((id, call.Name!));
                    blocks.Add(GeminiParts.ToolUse(part, id));
                }
                else if (part.FunctionResponse is { } response)
                {
                    blocks.Add(GeminiParts.ToolResult(response, Pair(pending, response, turn, index)));
                }
                else
                {
                    GeminiParts.AppendBlocks(part, blocks);
                }
            }
            messages.Add(new ChatMessage(isModel ? ChatRole.Assistant : ChatRole.User, blocks));
        }
        return messages;
    }

    private static string Pair(List<(string Id, string Name)> pending, FunctionResponse response, int turn, int index)
    {
        var at = -1;
        if (!string.IsNullOrEmpty(response.Id))
        {
            at = pending.FindIndex(p => p.Id == response.Id);
            if (at < 0) return response.Id; // answers a call Louter did not see: the client's id stands
        }
        if (at < 0) at = pending.FindIndex(p => p.Name == response.Name);
        if (at < 0 && pending.Count > 0) at = 0;
        if (at < 0) return GeminiToolIds.ForHistory(turn, index, response.Name!);

        var id = pending[at].Id;
        pending.RemoveAt(at);
        return id;
    }

    private static List<ToolDefinition> Tools(List<Tool>? tools)
    {
        var result = new List<ToolDefinition>();
        foreach (var declaration in (tools ?? []).SelectMany(t => t.FunctionDeclarations ?? []))
        {
            result.Add(new ToolDefinition(declaration.Name!)
            {
                Description = declaration.Description,
                InputSchema = SchemaOf(declaration.ParametersJsonSchema, declaration.Parameters),
            });
        }
        return result;
    }

    /// <summary>
    /// Standard JSON Schema is taken as is, but for Gemini's upper-case type names, which clients
    /// write there too (gemini-cli's classifier); the OpenAPI subset is converted.
    /// </summary>
    private static JsonElement? SchemaOf(JsonElement? jsonSchema, JsonElement? openApi)
    {
        if (jsonSchema is { ValueKind: not JsonValueKind.Null } standard) return GeminiSchema.LowerCaseTypes(standard);
        if (openApi is { ValueKind: not JsonValueKind.Null } subset) return GeminiSchema.ToJsonSchema(subset);
        return null;
    }

    private static ToolChoice? ToolChoiceOf(FunctionCallingConfig? config) => config?.Mode switch
    {
        null or "MODE_UNSPECIFIED" => null,
        "AUTO" => new ToolChoice(ToolChoiceMode.Auto),
        "NONE" => new ToolChoice(ToolChoiceMode.None),
        // ANY restricted to one function is "call exactly this one". A longer allow-list has no canonical form: any tool.
        "ANY" when config.AllowedFunctionNames is [var only] => new ToolChoice(ToolChoiceMode.Specific, only),
        "ANY" => new ToolChoice(ToolChoiceMode.Required),
        // VALIDATED: the model may answer in text or call a function, with calls checked against the schema.
        _ => new ToolChoice(ToolChoiceMode.Auto),
    };

    private static Sampling SamplingOf(GenerationConfig? g) => g is null ? new Sampling() : new Sampling
    {
        Temperature = g.Temperature,
        TopP = g.TopP,
        TopK = g.TopK is { } k ? (long)Math.Round(k) : null,
        Stop = g.StopSequences ?? [],
        Seed = g.Seed,
        PresencePenalty = g.PresencePenalty,
        FrequencyPenalty = g.FrequencyPenalty,
        MaxOutputTokens = g.MaxOutputTokens,
        CandidateCount = g.CandidateCount,
    };

    private static ResponseFormat? ResponseFormatOf(GenerationConfig? g)
    {
        if (g is null || !string.Equals(g.ResponseMimeType, "application/json", StringComparison.OrdinalIgnoreCase)) return null;
        return SchemaOf(g.ResponseJsonSchema, g.ResponseSchema) is { } schema
            ? new ResponseFormat(ResponseFormatKind.JsonSchema) { Schema = schema }
            : new ResponseFormat(ResponseFormatKind.JsonObject);
    }

    private static Reasoning? ReasoningOf(ThinkingConfig? t)
    {
        if (t is null) return null;
        return new Reasoning
        {
            Disabled = t.ThinkingBudget == 0,
            // -1 is Gemini's "dynamic": no fixed budget.
            BudgetTokens = t.ThinkingBudget is > 0 ? t.ThinkingBudget : null,
            Effort = t.ThinkingLevel?.ToLowerInvariant(),
            IncludeThoughts = t.IncludeThoughts,
        };
    }
}
