using Louter.Streams.Classification;
using Louter.Streams.Protocols.Anthropic.Wire;

namespace Louter.Streams.Protocols.Anthropic;

/// <summary>
/// What a Messages request needs: images and documents (also inside tool results), tools, thinking,
/// structured output, streaming. Anthropic has no audio or video input.
/// </summary>
public static class AnthropicClassifier
{
    public static RequestNeeds Classify(MessagesRequest r)
    {
        var needs = RequestNeeds.Text;
        foreach (var m in r.Messages ?? [])
        {
            foreach (var block in m?.Content?.Blocks ?? [])
                needs |= Of(block);
        }
        if (r.Tools is { Count: > 0 }) needs |= RequestNeeds.FunctionCalling;
        if (r.Thinking?.Type is "enabled" or "adaptive") needs |= RequestNeeds.Reasoning;
        if ((r.OutputFormat ?? r.OutputConfig?.Format)?.Type == "json_schema") needs |= RequestNeeds.StructuredOutput;
        if (r.Stream == true) needs |= RequestNeeds.Stream;
        return needs;
    }

    private static RequestNeeds Of(WireBlock? block)
    {
        switch (block?.Type)
        {
            case "image":
                return RequestNeeds.Vision;
            case "document":
                return RequestNeeds.Document;
            case "tool_use":
                return RequestNeeds.FunctionCalling;
            case "tool_result":
                var needs = RequestNeeds.FunctionCalling;
                foreach (var inner in block.Content?.Blocks ?? [])
                    needs |= Of(inner);
                return needs;
            default:
                return RequestNeeds.None;
        }
    }
}
