using System.Text.Json;
using Louter.Streams.Canonical;
using Louter.Streams.Protocols.Gemini.Wire;

namespace Louter.Streams.Protocols.Gemini;

/// <summary>
/// A complete generateContent answer → canonical, with the same mapping as the stream decoder
/// (function calls without an id get <see cref="GeminiToolIds.ForResponse"/> ids; candidate 0 only).
/// </summary>
public static class GeminiResponseDecoder
{
    /// <exception cref="InvalidDataException">The body is not a Gemini answer (the caller reports a bad gateway).</exception>
    public static ChatResponse Decode(ReadOnlySpan<byte> body, IReadOnlySet<string>? freeformTools = null)
    {
        GenerateContentResponse? wire;
        try
        {
            wire = JsonSerializer.Deserialize(body, GeminiJson.Reader.GenerateContentResponse);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException("the Gemini response is not valid JSON", e);
        }
        if (wire is null) throw new InvalidDataException("the Gemini response is empty");
        if (wire.Error is { } error) throw new InvalidDataException("the Gemini backend answered with an error: " + error.Message);
        return ToCanonical(wire, freeformTools);
    }

    public static ChatResponse ToCanonical(GenerateContentResponse wire, IReadOnlySet<string>? freeformTools = null)
    {
        var id = string.IsNullOrEmpty(wire.ResponseId) ? "gemini-" + Guid.NewGuid().ToString("N") : wire.ResponseId;
        var candidate = wire.Candidates?.FirstOrDefault(c => c is { Index: null or 0 });
        var blocks = new List<ContentBlock>();
        var calls = 0;
        foreach (var part in candidate?.Content?.Parts ?? [])
        {
            if (part is null) continue;
            if (part.FunctionCall is { } call)
            {
                var callId = string.IsNullOrEmpty(call.Id) ? GeminiToolIds.ForResponse(id, calls) : call.Id;
                calls++;
                var block = GeminiParts.ToolUse(part, callId);
                if (freeformTools?.Contains(block.Name) == true) block = block with { ArgumentsJson = GeminiArgs.FreeformInput(call.Args) };
                blocks.Add(block);
            }
            else
            {
                GeminiParts.AppendBlocks(part, blocks);
            }
        }

        var blocked = wire.PromptFeedback?.BlockReason;
        var raw = candidate?.FinishReason is { Length: > 0 } reason ? reason : blocked ?? GeminiFinishReasons.Other;
        var stop = blocked is not null && candidate is null ? StopReason.ContentFilter : GeminiFinishReasons.ToCanonical(raw, calls > 0);
        return new ChatResponse(id, wire.ModelVersion ?? "", blocks, stop)
        {
            RawStopReason = raw,
            Usage = wire.UsageMetadata is { } usage ? GeminiUsage.ToCanonical(usage) : null,
        };
    }
}
