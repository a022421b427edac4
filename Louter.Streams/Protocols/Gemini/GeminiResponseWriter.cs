using Louter.Streams.Canonical;
using Louter.Streams.Protocols.Gemini.Wire;

namespace Louter.Streams.Protocols.Gemini;

/// <summary>
/// Canonical answers → Gemini's wire records: the non-streamed <see cref="GenerateContentResponse"/>
/// and the parts the streaming encoder sends. Other providers' opaque blocks are dropped (only the
/// provider that made them may see them); Gemini's own come back as the parts they were.
/// </summary>
public static class GeminiResponseWriter
{
    public static GenerateContentResponse ToWire(ChatResponse response) => new()
    {
        Candidates =
        [
            new Candidate
            {
                Content = new Content { Role = "model", Parts = Parts(response.Content) },
                FinishReason = GeminiFinishReasons.FromCanonical(response.StopReason),
                Index = 0,
            },
        ],
        UsageMetadata = response.Usage is { } usage ? GeminiUsage.FromCanonical(usage) : null,
        ModelVersion = response.Model,
        ResponseId = response.Id,
    };

    public static List<Part> Parts(IReadOnlyList<ContentBlock> blocks)
    {
        var parts = new List<Part>(blocks.Count);
        foreach (var block in blocks)
        {
            switch (block)
            {
                case OpaqueBlock { Provider: GeminiParts.Provider, Kind: GeminiParts.SignatureKind } signature:
                    AttachSignature(parts, signature.Payload.GetString());
                    break;
                case var other when ToPart(other) is { } part:
                    parts.Add(part);
                    break;
                default:
                    break;
            }
        }
        return parts;
    }

    /// <summary>One canonical block of an answer as a Gemini part, or null when Gemini cannot carry it.</summary>
    public static Part? ToPart(ContentBlock block) => block switch
    {
        TextBlock text => new Part { Text = text.Text },
        ThinkingBlock thinking => ThoughtPart(thinking.Text, thinking.Signature),
        ToolUseBlock call => CallPart(call.Id, call.Name, call.ArgumentsJson, call.ThoughtSignature),
        ImageBlock image => GeminiMedia.ToPart(image.Source, null),
        AudioBlock audio => GeminiMedia.ToPart(audio.Source, audio.Format is { } f ? "audio/" + f : null),
        VideoBlock video => GeminiMedia.ToPart(video.Source, null),
        DocumentBlock document => GeminiMedia.ToPart(document.Source, null),
        OpaqueBlock { Provider: GeminiParts.Provider, Kind: GeminiParts.ExecutableCodeKind } code => new Part { ExecutableCode = code.Payload },
        OpaqueBlock { Provider: GeminiParts.Provider, Kind: GeminiParts.CodeExecutionResultKind } result => new Part { CodeExecutionResult = result.Payload },
        _ => null,
    };

    public static Part ThoughtPart(string text, string? signature) => new() { Text = text, Thought = true, ThoughtSignature = signature };

    /// <summary>A whole function call. The canonical id is always echoed: a Gemini client that sent ids expects them back, and one that did not ignores them.</summary>
    public static Part CallPart(string id, string name, string argumentsJson, string? signature) => new()
    {
        FunctionCall = new FunctionCall { Id = string.IsNullOrEmpty(id) ? null : id, Name = name, Args = GeminiArgs.ToElement(argumentsJson) },
        ThoughtSignature = signature,
    };

    /// <summary>A signature rides on the part before it; with none to ride on, on a text part of its own (as Gemini sends it).</summary>
    public static void AttachSignature(List<Part> parts, string? signature)
    {
        if (signature is null) return;
        if (parts.Count > 0 && parts[^1].ThoughtSignature is null) parts[^1].ThoughtSignature = signature;
        else parts.Add(new Part { Text = "", ThoughtSignature = signature });
    }
}
