using System.Text.Json;
using Louter.Streams.Canonical;
using Louter.Streams.Protocols.OpenAI.Wire;

namespace Louter.Streams.Protocols.OpenAI.Mapping;

/// <summary>A non-streamed OpenAI chat completion → canonical answer (first choice).</summary>
public static class OpenAIResponseMapper
{
    public static ChatResponse ToCanonical(ReadOnlySpan<byte> body)
    {
        var wire = JsonSerializer.Deserialize(body, OpenAIJsonContext.Default.ChatCompletion)
            ?? throw new JsonException("The response body is not a chat completion object.");
        var choice = wire.Choices?.FirstOrDefault();
        var message = choice?.Message;

        var content = new List<ContentBlock>();
        if (!string.IsNullOrEmpty(message?.ReasoningContent)) content.Add(new ThinkingBlock(message.ReasoningContent));
        if (message?.Content?.AllText() is { Length: > 0 } text) content.Add(new TextBlock(text));
        if (!string.IsNullOrEmpty(message?.Refusal)) content.Add(new TextBlock(message.Refusal));
        foreach (var call in message?.ToolCalls ?? [])
            content.Add(new ToolUseBlock(call.Id ?? $"call_{content.Count}", call.Function?.Name ?? "", string.IsNullOrEmpty(call.Function?.Arguments) ? "{}" : call.Function.Arguments));

        var stop = !string.IsNullOrEmpty(message?.Refusal) ? StopReason.Refusal : OpenAIStopReasons.ToCanonical(choice?.FinishReason);
        return new ChatResponse(wire.Id ?? "", wire.Model ?? "", content, stop)
        {
            RawStopReason = choice?.FinishReason,
            Usage = wire.Usage is { } usage ? OpenAIUsage.ToCanonical(usage) : null,
        };
    }
}
