using Louter.Streams.Canonical;
using Louter.Streams.Codecs;
using Louter.Streams.Routing;

namespace Louter.Streams.Media;

/// <summary>
/// Before a canonical request is encoded for a backend: every media URL that backend cannot take
/// is fetched and inlined (when the policy allows), or the request is refused with a 400 naming
/// the part. Parts the backend can fetch itself are left alone.
/// </summary>
public static class MediaInliner
{
    public static async Task<ChatRequest> InlineAsync(ChatRequest request, BackendDescriptor backend, BackendProtocol protocol, MediaFetcher fetcher, CancellationToken cancellationToken)
    {
        List<ChatMessage>? changed = null;
        for (var i = 0; i < request.Messages.Count; i++)
        {
            var message = request.Messages[i];
            var content = await InlineBlocksAsync(message.Content, $"messages[{i}].content", backend, protocol, fetcher, cancellationToken).ConfigureAwait(false);
            if (content is null) continue;
            changed ??= [.. request.Messages];
            changed[i] = message with { Content = content };
        }
        return changed is null ? request : request with { Messages = changed };
    }

    private static async Task<List<ContentBlock>?> InlineBlocksAsync(IReadOnlyList<ContentBlock> blocks, string path, BackendDescriptor backend, BackendProtocol protocol, MediaFetcher fetcher, CancellationToken ct)
    {
        List<ContentBlock>? changed = null;
        for (var j = 0; j < blocks.Count; j++)
        {
            var block = blocks[j];
            var part = $"{path}[{j}]";
            ContentBlock? replacement = block switch
            {
                ToolResultBlock result when await InlineBlocksAsync(result.Content, part + ".content", backend, protocol, fetcher, ct).ConfigureAwait(false) is { } inner =>
                    result with { Content = inner },
                _ when SourceOf(block) is MediaSource.Url url && !MediaUrlSupport.Accepts(protocol, block, url) =>
                    With(block, await FetchAsync(block, url, part, backend, protocol, fetcher, ct).ConfigureAwait(false)),
                _ => null,
            };
            if (replacement is null) continue;
            changed ??= [.. blocks];
            changed[j] = replacement;
        }
        return changed;
    }

    private static async Task<MediaSource.Inline> FetchAsync(ContentBlock block, MediaSource.Url url, string part, BackendDescriptor backend, BackendProtocol protocol, MediaFetcher fetcher, CancellationToken ct)
    {
        var what = KindOf(block);
        if (!fetcher.Policy.Fetch)
        {
            throw new CodecException(Errors.GatewayError.Invalid(
                $"Backend '{backend.Name}' ({ProtocolName(protocol)}) cannot take {what} by URL ({part}). Send it inline (base64), or set [server] fetch_media_urls = true to let the gateway fetch it.",
                part, "unsupported_content"));
        }

        try
        {
            var (data, mime) = await fetcher.FetchAsync(url.Address, ct).ConfigureAwait(false);
            return new MediaSource.Inline(MimeType(mime, url, block), Convert.ToBase64String(data));
        }
        catch (MediaFetchException e)
        {
            throw new CodecException(Errors.GatewayError.Invalid($"Could not fetch {what} at {part}: {e.Message}.", part, "media_fetch_failed"));
        }
    }

    private static MediaSource? SourceOf(ContentBlock block) => block switch
    {
        ImageBlock b => b.Source,
        AudioBlock b => b.Source,
        DocumentBlock b => b.Source,
        VideoBlock b => b.Source,
        _ => null,
    };

    private static ContentBlock With(ContentBlock block, MediaSource source) => block switch
    {
        ImageBlock b => b with { Source = source },
        AudioBlock b => b with { Source = source },
        DocumentBlock b => b with { Source = source },
        VideoBlock b => b with { Source = source },
        _ => block,
    };

    private static string KindOf(ContentBlock block) => block switch
    {
        ImageBlock => "an image",
        AudioBlock => "audio",
        DocumentBlock => "a document",
        VideoBlock => "a video",
        _ => "media",
    };

    /// <summary>The server's type, unless it is missing or generic: then the one the URL gave, then a guess from the extension.</summary>
    private static string MimeType(string? served, MediaSource.Url url, ContentBlock block)
    {
        if (!string.IsNullOrEmpty(served) && served != "application/octet-stream") return served;
        if (url.MimeType is { } given) return given;
        var extension = Path.GetExtension(new Uri(url.Address).AbsolutePath).ToLowerInvariant();
        return extension switch
        {
            ".png" => "image/png",
            ".jpg" or ".jpeg" => "image/jpeg",
            ".gif" => "image/gif",
            ".webp" => "image/webp",
            ".pdf" => "application/pdf",
            ".wav" => "audio/wav",
            ".mp3" => "audio/mpeg",
            ".mp4" => "video/mp4",
            _ => block switch
            {
                ImageBlock => "image/jpeg",
                AudioBlock => "audio/wav",
                DocumentBlock => "application/pdf",
                _ => "application/octet-stream",
            },
        };
    }

    private static string ProtocolName(BackendProtocol protocol) => protocol switch
    {
        BackendProtocol.OpenAI => "openai",
        BackendProtocol.OpenAIResponses => "openai-responses",
        BackendProtocol.Anthropic => "anthropic",
        BackendProtocol.Gemini => "gemini",
        _ => "mock",
    };
}
