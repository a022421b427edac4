using System.Text.Json;
using Louter.Streams.Canonical;
using Louter.Streams.Codecs;
using Louter.Streams.Protocols.OpenAI.Mapping;
using Louter.Streams.Protocols.Responses.Wire;
using CanonicalFormat = Louter.Streams.Canonical.ResponseFormat;

namespace Louter.Streams.Protocols.Responses;

/// <summary>
/// Responses request → canonical, for a backend of another protocol. Items become turns: messages,
/// reasoning and tool calls of the assistant gather into one assistant turn; tool outputs into one
/// user turn. Approximations (each leaves a note in the request log):
/// <list type="bullet">
/// <item>hosted tools (web_search, file_search, …) are left out: only OpenAI runs them;</item>
/// <item>a freeform <c>custom</c> tool becomes a function with one string parameter "input"; its
/// grammar, if any, is appended to the description so the model still knows the format;</item>
/// <item><c>namespace</c> groups are flattened (calls are answered with their namespace);</item>
/// <item>tools declared in <c>additional_tools</c> input items join the request's tools, declared
/// for the whole conversation rather than from that point on;</item>
/// <item>reasoning items that OpenAI encrypted go back only to a Responses backend; a reasoning item
/// Louter made from another provider's thinking carries that provider's signature and goes back to it;</item>
/// <item><c>text.verbosity</c>, <c>include</c>, <c>prompt_cache_key</c>, <c>service_tier</c>,
/// <c>metadata</c> and <c>truncation</c> have no equivalent and are dropped.</item>
/// </list>
/// </summary>
public static class ResponsesRequestMapper
{
    public static ChatRequest ToCanonical(ResponsesDecoded decoded, ICollection<string> notes)
    {
        var wire = decoded.Wire;
        var (tools, namespaces) = Tools(Declared(wire, decoded.Items), notes);
        var system = new List<TextBlock>();
        if (!string.IsNullOrEmpty(wire.Instructions)) system.Add(new TextBlock(wire.Instructions));

        var turns = new TurnBuilder();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in decoded.Items)
        {
            switch (item.Type ?? "message")
            {
                case "message" when item.Role is "system" or "developer":
                    system.Add(new TextBlock(TextOf(item.Content)));
                    break;
                case "message" when item.Role == "assistant":
                    foreach (var block in AssistantContent(item.Content)) turns.Add(ChatRole.Assistant, block);
                    break;
                case "message":
                    turns.Add(ChatRole.User, [.. UserContent(item.Content)]);
                    break;
                case "function_call":
                    names[item.CallId!] = item.Name!;
                    turns.Add(ChatRole.Assistant, new ToolUseBlock(item.CallId!, item.Name!, string.IsNullOrEmpty(item.Arguments) ? "{}" : item.Arguments));
                    break;
                case "custom_tool_call":
                    names[item.CallId!] = item.Name!;
                    turns.Add(ChatRole.Assistant, new ToolUseBlock(item.CallId!, item.Name!, item.Input ?? ""));
                    break;
                case "function_call_output" or "custom_tool_call_output":
                    turns.Add(ChatRole.User, new ToolResultBlock(item.CallId!, [.. UserContent(item.Output)]) { Name = names.GetValueOrDefault(item.CallId!) });
                    break;
                case "reasoning":
                    if (Reasoning(item) is { } reasoning) turns.Add(ChatRole.Assistant, reasoning);
                    break;
                case "additional_tools":
                    // Its tools are among the request's tools (Declared).
                    break;
                default:
                    notes.Add($"input item of type '{item.Type}' has no equivalent for this backend and was left out");
                    break;
            }
        }

        if (wire.Text?.Verbosity is { } verbosity) notes.Add($"text.verbosity '{verbosity}' has no equivalent for this backend and was dropped");

        return new ChatRequest(wire.Model ?? "", turns.Build())
        {
            System = system,
            Tools = Allowed(tools, wire.ToolChoice),
            ToolChoice = ToolChoiceOf(wire.ToolChoice, wire.ParallelToolCalls),
            Sampling = new Sampling
            {
                Temperature = wire.Temperature,
                TopP = wire.TopP,
                MaxOutputTokens = wire.MaxOutputTokens,
            },
            ResponseFormat = FormatOf(wire.Text?.Format),
            Reasoning = ReasoningOf(wire.Reasoning),
            Stream = wire.Stream == true,
            User = wire.SafetyIdentifier ?? wire.User,
        };
    }

    /// <summary>
    /// Every tool the request declares: its <c>tools</c>, then those of its <c>additional_tools</c>
    /// items in conversation order. Codex 0.171 declares its tools only in such an item (no top-level
    /// <c>tools</c>) when it knows the model, e.g. its default gpt-6.2-sol: without these, a backend
    /// of another protocol would get no tools and the agent could never act.
    /// </summary>
    public static IEnumerable<ResponsesTool?> Declared(ResponsesRequest wire, IEnumerable<ResponseItem> items) =>
        (wire.Tools ?? []).Concat(items.Where(i => i.Type == "additional_tools").SelectMany(i => i.Tools ?? []));

    /// <summary>
    /// The tools a canonical request carries, and the namespace of each tool declared in a group. A
    /// name declared twice (a later <c>additional_tools</c> item redeclaring a tool) keeps its last
    /// declaration: other providers refuse duplicate tool names.
    /// </summary>
    public static (List<ToolDefinition> Tools, Dictionary<string, string> Namespaces) Tools(IEnumerable<ResponsesTool?>? wire, ICollection<string>? notes)
    {
        var tools = new List<ToolDefinition>();
        var namespaces = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tool in wire ?? [])
        {
            if (tool is not null) AddTool(tool, null, tools, namespaces, notes);
        }
        return (tools, namespaces);
    }

    private static void AddTool(ResponsesTool tool, string? ns, List<ToolDefinition> tools, Dictionary<string, string> namespaces, ICollection<string>? notes)
    {
        switch (tool.Type)
        {
            case "function":
                tools.RemoveAll(t => t.Name == tool.Name);
                tools.Add(new ToolDefinition(tool.Name!) { Description = tool.Description, InputSchema = tool.Parameters, Strict = tool.Strict });
                break;
            case "custom":
                tools.RemoveAll(t => t.Name == tool.Name);
                tools.Add(new ToolDefinition(tool.Name!) { Description = CustomDescription(tool), Freeform = true });
                break;
            case "namespace":
                foreach (var inner in tool.Tools ?? [])
                {
                    if (inner is null) continue;
                    AddTool(inner, tool.Name, tools, namespaces, notes);
                }
                return;
            default:
                notes?.Add($"hosted tool '{tool.Type}' is served only by OpenAI and was left out of the request");
                return;
        }
        if (ns is not null) namespaces[tool.Name!] = ns;
        else namespaces.Remove(tool.Name!);
    }

    /// <summary>A grammar-constrained tool keeps its grammar in the description: other providers cannot enforce it, but the model can follow it.</summary>
    private static string? CustomDescription(ResponsesTool tool) => tool.Format switch
    {
        { Type: "grammar", Definition: { Length: > 0 } definition } f =>
            $"{tool.Description}\n\nThe \"input\" string must match this {f.Syntax ?? "lark"} grammar:\n{definition}".TrimStart(),
        _ => tool.Description,
    };

    private static List<ToolDefinition> Allowed(List<ToolDefinition> tools, ResponsesToolChoice? choice)
    {
        if (choice?.Object is not { Type: "allowed_tools", Tools: { } allowed }) return tools;
        var names = allowed.Where(t => t?.Name is not null).Select(t => t!.Name!).ToHashSet(StringComparer.Ordinal);
        return [.. tools.Where(t => names.Contains(t.Name))];
    }

    private static ToolChoice? ToolChoiceOf(ResponsesToolChoice? choice, bool? parallel)
    {
        ToolChoice? result = choice switch
        {
            { Mode: "none" } => new ToolChoice(ToolChoiceMode.None),
            { Mode: "required" } => new ToolChoice(ToolChoiceMode.Required),
            { Mode: not null } => new ToolChoice(ToolChoiceMode.Auto),
            { Object: { Type: "function" or "custom", Name: { } name } } => new ToolChoice(ToolChoiceMode.Specific, name),
            { Object: { Type: "allowed_tools", Mode: "required" } } => new ToolChoice(ToolChoiceMode.Required),
            { Object: not null } => new ToolChoice(ToolChoiceMode.Auto),
            _ => null,
        };
        if (parallel is false) result = (result ?? new ToolChoice(ToolChoiceMode.Auto)) with { ParallelCalls = false };
        return result;
    }

    private static CanonicalFormat? FormatOf(TextFormat? format) => format?.Type switch
    {
        "json_object" => new CanonicalFormat(ResponseFormatKind.JsonObject),
        "json_schema" => new CanonicalFormat(ResponseFormatKind.JsonSchema) { Schema = format.Schema, Name = format.Name, Strict = format.Strict },
        _ => null,
    };

    private static Reasoning? ReasoningOf(ReasoningConfig? reasoning)
    {
        if (reasoning is null) return null;
        var summary = reasoning.Summary ?? reasoning.GenerateSummary;
        return reasoning.Effort == "none"
            ? new Reasoning { Disabled = true }
            : new Reasoning { Effort = reasoning.Effort, IncludeThoughts = summary is null ? null : summary != "none" };
    }

    /// <summary>
    /// A reasoning item Louter made from another provider's thinking carries that provider's marked
    /// signature (see <see cref="SignatureProvenance"/>): it is thinking again. One OpenAI made is opaque.
    /// </summary>
    private static ContentBlock? Reasoning(ResponseItem item)
    {
        var text = string.Join("\n\n", (item.Summary ?? []).Where(p => p?.Text is not null).Select(p => p!.Text));
        if (item.EncryptedContent is { } sealedContent && sealedContent.StartsWith("louter:", StringComparison.Ordinal))
            return new ThinkingBlock(text) { Signature = sealedContent };
        if (item.EncryptedContent is null && text.Length == 0) return null;
        var payload = JsonSerializer.SerializeToElement(item, ResponsesJsonContext.Default.ResponseItem);
        return new OpaqueBlock(ResponsesBackend.Provider, ResponsesBackend.ReasoningKind, payload);
    }

    private static IEnumerable<ContentBlock> AssistantContent(ResponsesContent? content)
    {
        if (content?.Parts is not { } parts)
        {
            if (!string.IsNullOrEmpty(content?.Text)) yield return new TextBlock(content.Text);
            yield break;
        }
        foreach (var part in parts)
        {
            var text = part?.Type switch
            {
                "output_text" or "input_text" or "text" => part.Text,
                "refusal" => part.Refusal,
                _ => null,
            };
            if (!string.IsNullOrEmpty(text)) yield return new TextBlock(text);
        }
    }

    private static IEnumerable<ContentBlock> UserContent(ResponsesContent? content)
    {
        if (content?.Parts is not { } parts)
        {
            yield return new TextBlock(content?.Text ?? "");
            yield break;
        }
        foreach (var part in parts)
        {
            switch (part?.Type)
            {
                case "input_text" or "output_text" or "text":
                    yield return new TextBlock(part.Text ?? "");
                    break;
                case "input_image" when part.ImageUrl is { } url:
                    yield return new ImageBlock(Media(url, null)) { Detail = part.Detail };
                    break;
                case "input_image" when part.FileId is { } fileId:
                    yield return new ImageBlock(new MediaSource.FileId(fileId, "openai")) { Detail = part.Detail };
                    break;
                case "input_file" when part.FileData is { } data:
                    yield return new DocumentBlock(Media(data, MimeOf(part.Filename)), part.Filename);
                    break;
                case "input_file" when part.FileUrl is { } fileUrl:
                    yield return new DocumentBlock(new MediaSource.Url(fileUrl, MimeOrNull(part.Filename)), part.Filename);
                    break;
                case "input_file" when part.FileId is { } fileId:
                    yield return new DocumentBlock(new MediaSource.FileId(fileId, "openai"), part.Filename);
                    break;
                case "input_audio" when part.InputAudio?.Data is { } audio:
                    var format = part.InputAudio.Format ?? "wav";
                    yield return new AudioBlock(new MediaSource.Inline(format == "mp3" ? "audio/mpeg" : "audio/" + format, audio), format);
                    break;
                default:
                    break;
            }
        }
    }

    private static string TextOf(ResponsesContent? content) =>
        content?.Text ?? string.Join("\n", (content?.Parts ?? []).Where(p => p?.Text is not null).Select(p => p!.Text));

    /// <summary>A data URL becomes inline data; a bare base64 string gets the fallback MIME type; anything else is a URL.</summary>
    private static MediaSource Media(string value, string? fallbackMime)
    {
        if (DataUrl.TryParse(value, out var mime, out var data)) return new MediaSource.Inline(mime, data);
        if (fallbackMime is not null && !value.Contains("://", StringComparison.Ordinal)) return new MediaSource.Inline(fallbackMime, value);
        return new MediaSource.Url(value);
    }

    private static string MimeOf(string? filename) => MimeOrNull(filename) ?? "application/pdf";

    private static string? MimeOrNull(string? filename) => Path.GetExtension(filename ?? "").ToLowerInvariant() switch
    {
        ".pdf" => "application/pdf",
        ".txt" => "text/plain",
        ".md" => "text/markdown",
        ".csv" => "text/csv",
        ".html" or ".htm" => "text/html",
        ".json" => "application/json",
        _ => null,
    };

    /// <summary>Gathers consecutive blocks of one role into one turn.</summary>
    private sealed class TurnBuilder
    {
        private readonly List<ChatMessage> _turns = [];
        private ChatRole _role;
        private List<ContentBlock>? _blocks;

        public void Add(ChatRole role, params ContentBlock[] blocks)
        {
            if (_blocks is null || _role != role)
            {
                Flush();
                _role = role;
                _blocks = [];
            }
            _blocks.AddRange(blocks);
        }

        public List<ChatMessage> Build()
        {
            Flush();
            return _turns;
        }

        private void Flush()
        {
            if (_blocks is { Count: > 0 }) _turns.Add(new ChatMessage(_role, _blocks));
            _blocks = null;
        }
    }
}
