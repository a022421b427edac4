using Louter.Streams.Classification;
using Louter.Streams.Protocols.Responses.Wire;

namespace Louter.Streams.Protocols.Responses;

/// <summary>What a Responses request needs: media in its items, tools, a schema, reasoning, streaming.</summary>
public static class ResponsesClassifier
{
    public static RequestNeeds Classify(ResponsesDecoded decoded)
    {
        var r = decoded.Wire;
        var needs = RequestNeeds.Text;
        foreach (var item in decoded.Items)
        {
            needs |= item.Type switch
            {
                "function_call" or "function_call_output" or "custom_tool_call" or "custom_tool_call_output" => RequestNeeds.FunctionCalling,
                "additional_tools" when item.Tools is { Count: > 0 } => RequestNeeds.FunctionCalling,
                _ => RequestNeeds.None,
            };
            foreach (var part in item.Content?.Parts ?? [])
            {
                needs |= part?.Type switch
                {
                    "input_image" => RequestNeeds.Vision,
                    "input_audio" => RequestNeeds.Audio,
                    "input_file" => RequestNeeds.Document,
                    _ => RequestNeeds.None,
                };
            }
        }
        if (r.Tools is { Count: > 0 }) needs |= RequestNeeds.FunctionCalling;
        if (r.Text?.Format?.Type is "json_schema" or "json_object") needs |= RequestNeeds.StructuredOutput;
        if (r.Reasoning?.Effort is { } effort && effort != "none") needs |= RequestNeeds.Reasoning;
        if (r.Stream == true) needs |= RequestNeeds.Stream;
        return needs;
    }
}
