using Louter.Streams.Classification;

namespace Louter.Streams.Routing;

/// <summary>
/// The names a backend's <c>capabilities</c> list uses, and what each one lets the backend take.
/// "tools" is accepted as another spelling of "function_calling". "stream" is no capability:
/// every backend streams (Louter turns a single answer into a stream when it must).
/// </summary>
public static class Capabilities
{
    /// <summary>The canonical names, in the order error messages list them.</summary>
    public static readonly IReadOnlyList<string> Names =
        ["text", "vision", "audio", "video", "document", "function_calling", "structured_output", "reasoning"];

    /// <summary>Needs a backend must cover or the request cannot be served at all (the content would be lost).</summary>
    public const RequestNeeds Hard = RequestNeeds.Text | RequestNeeds.Vision | RequestNeeds.Audio | RequestNeeds.Video | RequestNeeds.Document | RequestNeeds.FunctionCalling;

    /// <summary>
    /// Needs a backend that lacks them can still serve, less well: routing prefers backends that
    /// declare them and falls back to the others (a reasoning effort or a JSON format is a request
    /// parameter most servers accept or ignore; refusing the request would be worse).
    /// </summary>
    public const RequestNeeds Soft = RequestNeeds.StructuredOutput | RequestNeeds.Reasoning;

    /// <summary>Media a text-only request has none of (prefer_text_model).</summary>
    public const RequestNeeds Media = RequestNeeds.Vision | RequestNeeds.Audio | RequestNeeds.Video | RequestNeeds.Document;

    /// <summary>What an empty capabilities list means: everything.</summary>
    public const RequestNeeds All = Hard | Soft;

    /// <summary>The flag a name stands for; false for an unknown name.</summary>
    public static bool TryParse(string name, out RequestNeeds flag)
    {
        flag = name switch
        {
            "text" => RequestNeeds.Text,
            "vision" => RequestNeeds.Vision,
            "audio" => RequestNeeds.Audio,
            "video" => RequestNeeds.Video,
            "document" => RequestNeeds.Document,
            "function_calling" or "tools" => RequestNeeds.FunctionCalling,
            "structured_output" => RequestNeeds.StructuredOutput,
            "reasoning" => RequestNeeds.Reasoning,
            _ => RequestNeeds.None,
        };
        return flag != RequestNeeds.None;
    }

    /// <summary>The flags a capabilities list grants; an empty list grants everything.</summary>
    public static RequestNeeds Of(IReadOnlyList<string> names)
    {
        if (names.Count == 0) return All;
        var result = RequestNeeds.None;
        foreach (var name in names)
        {
            if (TryParse(name, out var flag)) result |= flag;
        }
        return result;
    }

    /// <summary>The canonical name of one flag.</summary>
    public static string NameOf(RequestNeeds flag) => flag switch
    {
        RequestNeeds.Text => "text",
        RequestNeeds.Vision => "vision",
        RequestNeeds.Audio => "audio",
        RequestNeeds.Video => "video",
        RequestNeeds.Document => "document",
        RequestNeeds.FunctionCalling => "function_calling",
        RequestNeeds.StructuredOutput => "structured_output",
        RequestNeeds.Reasoning => "reasoning",
        RequestNeeds.Stream => "stream",
        _ => flag.ToString(),
    };

    /// <summary>The names of the set flags joined by '+', e.g. "text+vision" (bounded: a metric label). Stream is left out.</summary>
    public static string Label(RequestNeeds needs)
    {
        needs &= All;
        if (needs == RequestNeeds.Text) return "text";
        if (needs == RequestNeeds.None) return "none";
        return string.Join('+', Flags(needs).Select(NameOf));
    }

    /// <summary>The single flags set in <paramref name="needs"/>, lowest first.</summary>
    public static IEnumerable<RequestNeeds> Flags(RequestNeeds needs)
    {
        for (var bit = 1; bit <= (int)RequestNeeds.Stream; bit <<= 1)
        {
            if (((int)needs & bit) != 0) yield return (RequestNeeds)bit;
        }
    }

    /// <summary>How a missing capability reads in an error: "image input", "tool calls (function_calling)".</summary>
    public static string Describe(RequestNeeds flag) => flag switch
    {
        RequestNeeds.Text => "text input",
        RequestNeeds.Vision => "image input (vision)",
        RequestNeeds.Audio => "audio input",
        RequestNeeds.Video => "video input",
        RequestNeeds.Document => "document input",
        RequestNeeds.FunctionCalling => "tools (function_calling)",
        RequestNeeds.StructuredOutput => "structured output",
        RequestNeeds.Reasoning => "reasoning",
        _ => NameOf(flag),
    };
}
