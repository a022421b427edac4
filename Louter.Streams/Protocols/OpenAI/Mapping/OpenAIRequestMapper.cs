using System.Text.Json;
using Louter.Streams.Canonical;
using Louter.Streams.Protocols.OpenAI.Wire;
using CanonicalMessage = Louter.Streams.Canonical.ChatMessage;
using WireMessage = Louter.Streams.Protocols.OpenAI.Wire.ChatMessage;

namespace Louter.Streams.Protocols.OpenAI.Mapping;

/// <summary>
/// OpenAI Chat Completions request → canonical. System and developer messages become the system
/// prompt (wherever they stand: canonical has one system prompt, as Anthropic and Gemini do);
/// consecutive tool messages become one user turn of tool results, in order.
/// </summary>
public static class OpenAIRequestMapper
{
    public static ChatRequest ToCanonical(ChatCompletionRequest wire)
    {
        var system = new List<TextBlock>();
        var messages = new List<CanonicalMessage>();
        var toolNames = new Dictionary<string, string>(StringComparer.Ordinal);
        List<ContentBlock>? pendingResults = null;

        void FlushResults()
        {
            if (pendingResults is null) return;
            messages.Add(new CanonicalMessage(ChatRole.User, pendingResults));
            pendingResults = null;
        }

        foreach (var m in wire.Messages ?? [])
        {
            switch (m.Role)
            {
                case "system" or "developer":
                    system.Add(new TextBlock(m.Content?.AllText() ?? ""));
                    break;
                case "tool" or "function":
                    var id = m.ToolCallId ?? m.Name ?? "";
                    pendingResults ??= [];
                    pendingResults.Add(new ToolResultBlock(id, [new TextBlock(m.Content?.AllText() ?? "")])
                    {
                        Name = toolNames.GetValueOrDefault(id) ?? m.Name,
                    });
                    break;
                case "assistant":
                    FlushResults();
                    messages.Add(new CanonicalMessage(ChatRole.Assistant, AssistantContent(m, toolNames)));
                    break;
                default:
                    FlushResults();
                    messages.Add(new CanonicalMessage(ChatRole.User, UserContent(m.Content)));
                    break;
            }
        }
        FlushResults();

        return new ChatRequest(wire.Model ?? "", messages)
        {
            System = system,
            Tools = [.. (wire.Tools ?? []).Where(t => t.Function?.Name is not null).Select(ToTool)],
            ToolChoice = ToolChoiceOf(wire.ToolChoice, wire.ParallelToolCalls),
            Sampling = new Sampling
            {
                Temperature = wire.Temperature,
                TopP = wire.TopP,
                Stop = StopOf(wire.Stop),
                Seed = wire.Seed,
                PresencePenalty = wire.PresencePenalty,
                FrequencyPenalty = wire.FrequencyPenalty,
                MaxOutputTokens = wire.MaxCompletionTokens ?? wire.MaxTokens,
                CandidateCount = wire.N,
            },
            ResponseFormat = FormatOf(wire.ResponseFormat),
            Reasoning = wire.ReasoningEffort is { } effort ? new Reasoning { Effort = effort } : null,
            Stream = wire.Stream == true,
            User = wire.User,
        };
    }

    private static List<ContentBlock> AssistantContent(WireMessage m, Dictionary<string, string> toolNames)
    {
        var blocks = new List<ContentBlock>();
        if (!string.IsNullOrEmpty(m.ReasoningContent)) blocks.Add(new ThinkingBlock(m.ReasoningContent));
        var text = m.Content?.AllText();
        if (!string.IsNullOrEmpty(text)) blocks.Add(new TextBlock(text));
        foreach (var call in m.ToolCalls ?? [])
        {
            var id = call.Id ?? $"call_{blocks.Count}";
            var name = call.Function?.Name ?? "";
            toolNames[id] = name;
            blocks.Add(new ToolUseBlock(id, name, string.IsNullOrEmpty(call.Function?.Arguments) ? "{}" : call.Function.Arguments));
        }
        return blocks;
    }

    private static List<ContentBlock> UserContent(ChatContent? content)
    {
        if (content?.Parts is not { } parts) return [new TextBlock(content?.Text ?? "")];

        var blocks = new List<ContentBlock>(parts.Count);
        foreach (var part in parts)
        {
            switch (part.Type)
            {
                case "text":
                    blocks.Add(new TextBlock(part.Text ?? ""));
                    break;
                case "image_url" when part.ImageUrl?.Url is { } url:
                    blocks.Add(new ImageBlock(Media(url, null)) { Detail = part.ImageUrl.Detail });
                    break;
                case "input_audio" when part.InputAudio?.Data is { } data:
                    var format = part.InputAudio.Format ?? "wav";
                    blocks.Add(new AudioBlock(new MediaSource.Inline(AudioMime(format), data), format));
                    break;
                case "file" when part.File is { } file:
                    MediaSource source = file.FileData is { } fileData ? Media(fileData, "application/pdf")
                        : new MediaSource.FileId(file.FileId ?? "", "openai");
                    blocks.Add(new DocumentBlock(source, file.Filename));
                    break;
                default:
                    // refusal parts and types from newer API versions carry no input for the model.
                    break;
            }
        }
        return blocks;
    }

    /// <summary>A data URL becomes inline data; anything else stays a URL (a bare base64 string gets the fallback MIME type).</summary>
    private static MediaSource Media(string value, string? fallbackMime)
    {
        if (DataUrl.TryParse(value, out var mime, out var data)) return new MediaSource.Inline(mime, data);
        if (fallbackMime is not null && !value.Contains("://", StringComparison.Ordinal)) return new MediaSource.Inline(fallbackMime, value);
        return new MediaSource.Url(value);
    }

    private static string AudioMime(string format) => format switch
    {
        "mp3" => "audio/mpeg",
        "wav" => "audio/wav",
        "flac" => "audio/flac",
        "ogg" or "opus" => "audio/ogg",
        _ => "audio/" + format,
    };

    private static ToolDefinition ToTool(ChatTool tool) => new(tool.Function!.Name!)
    {
        Description = tool.Function.Description,
        InputSchema = tool.Function.Parameters,
        Strict = tool.Function.Strict,
    };

    private static ToolChoice? ToolChoiceOf(JsonElement? choice, bool? parallel)
    {
        ToolChoice? result = choice switch
        {
            { ValueKind: JsonValueKind.String } s => s.GetString() switch
            {
                "none" => new ToolChoice(ToolChoiceMode.None),
                "required" => new ToolChoice(ToolChoiceMode.Required),
                _ => new ToolChoice(ToolChoiceMode.Auto),
            },
            { ValueKind: JsonValueKind.Object } o when o.TryGetProperty("function", out var f) && f.TryGetProperty("name", out var n) =>
                new ToolChoice(ToolChoiceMode.Specific, n.GetString()),
            _ => null,
        };
        if (parallel is false) result = (result ?? new ToolChoice(ToolChoiceMode.Auto)) with { ParallelCalls = false };
        return result;
    }

    private static IReadOnlyList<string> StopOf(JsonElement? stop) => stop switch
    {
        { ValueKind: JsonValueKind.String } s => [s.GetString()!],
        { ValueKind: JsonValueKind.Array } a => [.. a.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)],
        _ => [],
    };

    private static Louter.Streams.Canonical.ResponseFormat? FormatOf(Wire.ResponseFormat? format) => format?.Type switch
    {
        "json_object" => new Louter.Streams.Canonical.ResponseFormat(ResponseFormatKind.JsonObject),
        "json_schema" => new Louter.Streams.Canonical.ResponseFormat(ResponseFormatKind.JsonSchema)
        {
            Schema = format.JsonSchema is { ValueKind: JsonValueKind.Object } js && js.TryGetProperty("schema", out var schema) ? schema : null,
            Name = format.JsonSchema is { ValueKind: JsonValueKind.Object } jn && jn.TryGetProperty("name", out var name) ? name.GetString() : null,
            Strict = format.JsonSchema is { ValueKind: JsonValueKind.Object } jst && jst.TryGetProperty("strict", out var strict) && strict.ValueKind is JsonValueKind.True or JsonValueKind.False ? strict.GetBoolean() : null,
        },
        _ => null,
    };
}
