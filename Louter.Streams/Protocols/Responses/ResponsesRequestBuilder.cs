using System.Text.Json;
using Louter.Streams.Canonical;
using Louter.Streams.Protocols.OpenAI.Mapping;
using Louter.Streams.Protocols.Responses.Wire;
using Louter.Streams.Routing;

namespace Louter.Streams.Protocols.Responses;

/// <summary>
/// A canonical request → a POST /v1/responses body, for a client of another protocol. Pure:
/// everything it needs is in the request and the route. Mapped field for field: instructions,
/// input items, function and freeform tools, tool choice, parallel calls, temperature, top_p,
/// max_output_tokens, JSON output formats, reasoning effort. Approximated, because the Responses
/// API has no field for them: stop sequences, top_k, seed, presence/frequency penalties and
/// candidate count are dropped (the model simply runs to its natural end); max_output_tokens below
/// 16 is raised to 16, the API's minimum; a token budget becomes
/// the effort whose typical spend is closest (<see cref="OpenAIRequestWriter.EffortOf"/>); a
/// freeform tool's grammar is not in the canonical model, so it is declared as free text.
/// Refused (<see cref="Codecs.CodecException"/>, 400): audio, video, and media uploaded to another provider.
/// </summary>
public static partial class ResponsesRequestBuilder
{
    /// <summary>What a request asks the upstream to add to reasoning items so they can be sent back statelessly.</summary>
    public const string EncryptedReasoning = "reasoning.encrypted_content";

    private static readonly JsonElement EmptySchema = JsonElement.Parse("""{"type":"object","properties":{}}""");

    /// <summary>
    /// The smallest max_output_tokens the Responses API accepts: below it OpenAI answers 400 "Invalid
    /// 'max_output_tokens': integer below minimum value. Expected a value >= 16". Chat, Anthropic and
    /// Gemini clients may ask for fewer; they get this many at most instead of a failed request.
    /// </summary>
    public const long MinMaxOutputTokens = 16;

    public static ResponsesRequest Build(ChatRequest request, RouteCandidate target)
    {
        var freeform = request.Tools.Where(t => t.Freeform).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var input = Input(request, target.Backend.Name, freeform, out var sentReasoning);
        var reasoning = ReasoningOf(request.Reasoning);
        var s = request.Sampling;
        return new ResponsesRequest
        {
            Model = target.UpstreamModel,
            Instructions = request.System.Count > 0 ? string.Join("\n\n", request.System.Select(t => t.Text)) : null,
            Input = new ResponsesInput { Items = input },
            Tools = Tools(request.Tools),
            ToolChoice = request.Tools.Count > 0 ? ToolChoiceOf(request.ToolChoice, freeform) : null,
            ParallelToolCalls = request.Tools.Count > 0 ? request.ToolChoice?.ParallelCalls : null,
            Temperature = s.Temperature,
            TopP = s.TopP,
            MaxOutputTokens = s.MaxOutputTokens is { } max ? Math.Max(max, MinMaxOutputTokens) : null,
            Text = TextOf(request.ResponseFormat),
            Reasoning = reasoning,
            // Louter is stateless toward the upstream (it sends the whole history every turn), so
            // reasoning can only come back if the upstream hands it out encrypted. Asked for only
            // when reasoning is in play: non-reasoning models (gpt-4o, gpt-4.1) reject the include
            // with "Encrypted content is not supported with this model." (400, param "include").
            Include = reasoning is not null || sentReasoning ? [EncryptedReasoning] : null,
            Store = false,
            Stream = request.Stream ? true : null,
            User = request.User,
        };
    }

    private static List<ResponsesTool?>? Tools(IReadOnlyList<ToolDefinition> tools)
    {
        if (tools.Count == 0) return null;
        return [.. tools.Select(t => t.Freeform
            // The canonical model keeps no grammar: the tool takes free text.
            ? new ResponsesTool { Type = "custom", Name = t.Name, Description = t.Description }
            : new ResponsesTool
            {
                Type = "function",
                Name = t.Name,
                Description = t.Description,
                Parameters = t.InputSchema ?? EmptySchema,
                // Responses defaults "strict" to true, which rejects any schema that is not strict-ready
                // (every property required, additionalProperties false). Chat Completions, Anthropic and
                // Gemini clients mean "not strict" when they say nothing, so that is what is sent.
                Strict = t.Strict ?? false,
            })];
    }

    private static ResponsesToolChoice? ToolChoiceOf(ToolChoice? choice, HashSet<string> freeform) => choice?.Mode switch
    {
        null => null,
        ToolChoiceMode.None => new ResponsesToolChoice { Mode = "none" },
        ToolChoiceMode.Required => new ResponsesToolChoice { Mode = "required" },
        ToolChoiceMode.Specific when !string.IsNullOrEmpty(choice.Name) => new ResponsesToolChoice
        {
            Object = new ToolChoiceObject { Type = freeform.Contains(choice.Name) ? "custom" : "function", Name = choice.Name },
        },
        ToolChoiceMode.Specific => new ResponsesToolChoice { Mode = "required" },
        _ => new ResponsesToolChoice { Mode = "auto" },
    };

    private static TextConfig? TextOf(ResponseFormat? format) => format switch
    {
        { Kind: ResponseFormatKind.JsonSchema, Schema: { } schema } => new TextConfig
        {
            Format = new TextFormat { Type = "json_schema", Name = format.Name ?? "response", Schema = schema, Strict = format.Strict },
        },
        { Kind: ResponseFormatKind.JsonSchema or ResponseFormatKind.JsonObject } => new TextConfig { Format = new TextFormat { Type = "json_object" } },
        _ => null,
    };

    /// <summary>Effort (a budget maps to the nearest effort); summary "auto" when the client wants the thoughts shown.</summary>
    private static ReasoningConfig? ReasoningOf(Reasoning? reasoning)
    {
        if (reasoning is null || reasoning.Disabled) return null;
        var effort = OpenAIRequestWriter.EffortOf(reasoning);
        var summary = reasoning.IncludeThoughts == true ? "auto" : null;
        return effort is null && summary is null ? null : new ReasoningConfig { Effort = effort, Summary = summary };
    }
}
