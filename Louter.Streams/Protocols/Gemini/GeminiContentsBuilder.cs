using System.Text.Json;
using Louter.Streams.Canonical;
using Louter.Streams.Protocols.Gemini.Wire;

namespace Louter.Streams.Protocols.Gemini;

/// <summary>
/// Canonical messages → Gemini contents. Assistant turns have role "model"; tool results go back
/// as functionResponse parts in a "user" turn (the role Gemini documents). Thinking and opaque
/// blocks go back only when Gemini made them; a turn left with no parts is omitted, since Gemini
/// rejects empty turns.
/// </summary>
public static class GeminiContentsBuilder
{
    /// <summary>
    /// Gemini's documented placeholder for a function call whose real signature is unknown (it came
    /// from another provider, or the client dropped it). Without it Gemini 3 rejects the turn:
    /// "Function call is missing a thought_signature in functionCall parts".
    /// </summary>
    public const string SkipSignatureValidator = "skip_thought_signature_validator";

    public static List<Content> Contents(IReadOnlyList<ChatMessage> messages, IReadOnlySet<string> freeformTools)
    {
        var callNames = messages.SelectMany(m => m.Content).OfType<ToolUseBlock>()
            .GroupBy(c => c.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Name, StringComparer.Ordinal);

        var contents = new List<Content>(messages.Count);
        foreach (var message in messages)
        {
            var parts = Parts(message.Content, callNames, freeformTools);
            if (parts.Count == 0) continue;
            if (message.Role == ChatRole.Assistant) SignCalls(parts);
            contents.Add(new Content { Role = message.Role == ChatRole.Assistant ? "model" : "user", Parts = parts });
        }
        return contents;
    }

    private static List<Part> Parts(IReadOnlyList<ContentBlock> blocks, Dictionary<string, string> callNames, IReadOnlySet<string> freeformTools)
    {
        var parts = new List<Part>(blocks.Count);
        string? pendingSignature = null;
        foreach (var block in blocks)
        {
            var before = parts.Count;
            switch (block)
            {
                case TextBlock { Text.Length: 0 }:
                    break; // Gemini rejects empty text parts
                case ToolUseBlock call:
                    parts.Add(new Part
                    {
                        FunctionCall = new FunctionCall { Id = call.Id, Name = call.Name, Args = GeminiArgs.ToElement(call.ArgumentsJson, freeformTools.Contains(call.Name)) },
                        ThoughtSignature = call.ThoughtSignature,
                    });
                    break;
                case ToolResultBlock result:
                    AddResult(result, callNames, parts);
                    break;
                case ThinkingBlock { Signature: null }:
                    break; // another provider's unsigned reasoning: Gemini cannot use it
                case OpaqueBlock { Provider: GeminiParts.Provider, Kind: GeminiParts.SignatureKind } signature:
                    if (parts.Count > 0 && parts[^1].ThoughtSignature is null) parts[^1].ThoughtSignature = signature.Payload.GetString();
                    else pendingSignature = signature.Payload.GetString(); // no part before it: rides on the next one
                    break;
                case var other when GeminiResponseWriter.ToPart(other) is { } part:
                    parts.Add(part);
                    break;
                default:
                    break; // other providers' opaque blocks
            }
            if (pendingSignature is not null && parts.Count > before && parts[before].ThoughtSignature is null)
            {
                parts[before].ThoughtSignature = pendingSignature;
                pendingSignature = null;
            }
        }
        return parts;
    }

    /// <summary>
    /// A tool result → a functionResponse part (response must be a JSON object: other text is
    /// wrapped as <c>{"result": …}</c>, or <c>{"error": …}</c> for a failed call) plus any media the
    /// result carried, as parts of their own beside it (every Gemini model reads those).
    /// </summary>
    private static void AddResult(ToolResultBlock result, Dictionary<string, string> callNames, List<Part> parts)
    {
        // Gemini requires the name; a result whose call Louter never saw names the call by its id.
        var name = result.Name ?? callNames.GetValueOrDefault(result.ToolUseId) ?? result.ToolUseId;
        parts.Add(new Part
        {
            FunctionResponse = new FunctionResponse { Id = result.ToolUseId, Name = name, Response = ResponseObject(result) },
        });
        foreach (var media in result.Content)
        {
            if (media is not TextBlock && GeminiResponseWriter.ToPart(media) is { } part) parts.Add(part);
        }
    }

    private static JsonElement ResponseObject(ToolResultBlock result)
    {
        var text = result.Text;
        if (!result.IsError && text.StartsWith('{'))
        {
            try
            {
                using var document = JsonDocument.Parse(text);
                if (document.RootElement.ValueKind == JsonValueKind.Object) return document.RootElement.Clone();
            }
            catch (JsonException)
            {
                // plain text that happens to start with a brace: wrapped below
            }
        }
        return GeminiArgs.Wrap(result.IsError ? "error" : "result", text);
    }

    /// <summary>
    /// A model turn whose calls carry no real signature gets the placeholder on every call. A turn
    /// that has one is left alone: Gemini signs only the first of parallel calls.
    /// </summary>
    private static void SignCalls(List<Part> parts)
    {
        if (parts.Any(p => p.FunctionCall is not null && p.ThoughtSignature is not null)) return;
        foreach (var part in parts)
        {
            if (part.FunctionCall is not null) part.ThoughtSignature = SkipSignatureValidator;
        }
    }
}
