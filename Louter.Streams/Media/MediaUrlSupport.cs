using Louter.Streams.Canonical;
using Louter.Streams.Routing;

namespace Louter.Streams.Media;

/// <summary>
/// Which media a backend protocol can take by URL (the provider fetches it itself). Everything else
/// must arrive inline: Louter fetches it when the policy allows, or refuses the request.
/// </summary>
public static class MediaUrlSupport
{
    public static bool Accepts(BackendProtocol protocol, ContentBlock block, MediaSource.Url url) => protocol switch
    {
        // OpenAI fetches image URLs; audio (input_audio) and files (file_data) must be inline.
        BackendProtocol.OpenAI => block is ImageBlock,
        // The Responses API also fetches files by URL (input_file.file_url).
        BackendProtocol.OpenAIResponses => block is ImageBlock or DocumentBlock,
        // Anthropic has URL sources for images and PDF documents.
        BackendProtocol.Anthropic => block is ImageBlock or DocumentBlock,
        // Gemini's fileData takes Cloud Storage and Files API URIs (and YouTube for video), not arbitrary web URLs.
        BackendProtocol.Gemini => url.Address.StartsWith("gs://", StringComparison.OrdinalIgnoreCase)
            || url.Address.StartsWith("https://generativelanguage.googleapis.com/", StringComparison.OrdinalIgnoreCase)
            || (block is VideoBlock && (url.Address.Contains("youtube.com/", StringComparison.OrdinalIgnoreCase) || url.Address.Contains("youtu.be/", StringComparison.OrdinalIgnoreCase))),
        _ => true,
    };
}
