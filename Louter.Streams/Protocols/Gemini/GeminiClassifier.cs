using Louter.Streams.Classification;
using Louter.Streams.Protocols.Gemini.Wire;

namespace Louter.Streams.Protocols.Gemini;

/// <summary>What a generateContent request needs: media by MIME type, tools, a schema, thinking, streaming.</summary>
public static class GeminiClassifier
{
    public static RequestNeeds Classify(GenerateContentRequest r, bool stream)
    {
        var needs = RequestNeeds.Text;
        foreach (var content in r.Contents ?? [])
        {
            foreach (var part in content?.Parts ?? [])
            {
                if (part is null) continue;
                if (part.InlineData is { } blob) needs |= Medium(blob.MimeType);
                if (part.FileData is { } file) needs |= Medium(file.MimeType);
                if (part.FunctionCall is not null || part.FunctionResponse is not null) needs |= RequestNeeds.FunctionCalling;
            }
        }
        if (r.Tools?.Any(t => t?.FunctionDeclarations is { Count: > 0 }) == true) needs |= RequestNeeds.FunctionCalling;

        if (r.GenerationConfig is { } config)
        {
            if (config.ResponseMimeType == "application/json" || config.ResponseSchema is not null || config.ResponseJsonSchema is not null)
                needs |= RequestNeeds.StructuredOutput;
            if (config.ThinkingConfig is { } thinking && (thinking.ThinkingBudget is not (null or 0) || thinking.IncludeThoughts == true || thinking.ThinkingLevel is not null))
                needs |= RequestNeeds.Reasoning;
            if (config.ResponseModalities?.Any(m => string.Equals(m, "AUDIO", StringComparison.OrdinalIgnoreCase)) == true)
                needs |= RequestNeeds.Audio;
        }
        if (stream) needs |= RequestNeeds.Stream;
        return needs;
    }

    private static RequestNeeds Medium(string? mime)
    {
        if (mime is null) return RequestNeeds.None;
        if (mime.StartsWith("image/", StringComparison.OrdinalIgnoreCase)) return RequestNeeds.Vision;
        if (mime.StartsWith("audio/", StringComparison.OrdinalIgnoreCase)) return RequestNeeds.Audio;
        if (mime.StartsWith("video/", StringComparison.OrdinalIgnoreCase)) return RequestNeeds.Video;
        return RequestNeeds.Document;
    }
}
