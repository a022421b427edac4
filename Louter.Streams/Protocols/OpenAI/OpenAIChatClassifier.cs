using Louter.Streams.Classification;
using Louter.Streams.Protocols.OpenAI.Wire;

namespace Louter.Streams.Protocols.OpenAI;

/// <summary>What a Chat Completions request needs: media in its messages, tools, a schema, reasoning, streaming.</summary>
public static class OpenAIChatClassifier
{
    public static RequestNeeds Classify(ChatCompletionRequest r)
    {
        var needs = RequestNeeds.Text;
        foreach (var m in r.Messages ?? [])
        {
            foreach (var part in m.Content?.Parts ?? [])
            {
                needs |= part.Type switch
                {
                    "image_url" => RequestNeeds.Vision,
                    "input_audio" => RequestNeeds.Audio,
                    "file" => RequestNeeds.Document,
                    _ => RequestNeeds.None,
                };
            }
            if (m.ToolCalls is { Count: > 0 } || m.Role == "tool") needs |= RequestNeeds.FunctionCalling;
        }
        if (r.Tools is { Count: > 0 }) needs |= RequestNeeds.FunctionCalling;
        if (r.ResponseFormat?.Type is "json_schema" or "json_object") needs |= RequestNeeds.StructuredOutput;
        if (r.ReasoningEffort is not null) needs |= RequestNeeds.Reasoning;
        if (r.Modalities?.Contains("audio") == true) needs |= RequestNeeds.Audio;
        if (r.Stream == true) needs |= RequestNeeds.Stream;
        return needs;
    }
}
