using System.Text;
using Louter.Streams.Canonical;
using Louter.Streams.Protocols.Anthropic.Wire;

namespace Louter.Streams.Protocols.Anthropic;

/// <summary>Anthropic content blocks and answers → canonical. Pure functions.</summary>
public static class WireToCanonical
{
    /// <summary>The provider name on Louter's opaque blocks and file ids that only Anthropic may receive back.</summary>
    public const string Provider = "anthropic";

    public static IReadOnlyList<ContentBlock> Blocks(MessageContent? content)
    {
        if (content is null) return [];
        if (content.Text is { } text) return [new TextBlock(text)];

        var blocks = new List<ContentBlock>(content.Blocks?.Count ?? 0);
        foreach (var block in content.Blocks ?? [])
        {
            if (block is not null && Block(block) is { } mapped) blocks.Add(mapped);
        }
        return blocks;
    }

    /// <summary>One block, or null for one that carries nothing a canonical block can hold (an image without a source).</summary>
    public static ContentBlock? Block(WireBlock b)
    {
        if (b.Raw is { } raw) return new OpaqueBlock(Provider, b.Type ?? "unknown", raw);

        return b.Type switch
        {
            "text" => new TextBlock(b.Text ?? "") { CacheControl = CacheControlOf(b.CacheControl) },
            "image" => Media(b.Source, null) is { } image ? new ImageBlock(image) : null,
            "document" => Media(b.Source, "application/pdf") is { } doc ? new DocumentBlock(doc, b.Title) : null,
            "tool_use" => new ToolUseBlock(b.Id ?? "", b.Name ?? "", b.Input?.GetRawText() ?? "{}"),
            "tool_result" => new ToolResultBlock(b.ToolUseId ?? "", Blocks(b.Content)) { IsError = b.IsError == true },
            "thinking" => new ThinkingBlock(b.Thinking ?? "") { Signature = string.IsNullOrEmpty(b.Signature) ? null : b.Signature },
            _ => null,
        };
    }

    public static CacheControl? CacheControlOf(CacheControlParam? c) =>
        c is null ? null : new CacheControl(c.Type ?? "ephemeral", c.Ttl);

    /// <summary>
    /// An image or document source. A plain-text document (source "text", or "content" blocks) has no
    /// canonical form of its own: it becomes inline text/plain, which other providers accept as a file.
    /// </summary>
    public static MediaSource? Media(BlockSource? s, string? defaultMime) => s?.Type switch
    {
        "base64" => new MediaSource.Inline(s.MediaType ?? defaultMime ?? "application/octet-stream", s.Data ?? ""),
        "url" => s.Url is null ? null : new MediaSource.Url(s.Url, s.MediaType ?? defaultMime),
        "text" => new MediaSource.Inline("text/plain", ToBase64(s.Data ?? "")),
        "content" => new MediaSource.Inline("text/plain", ToBase64(JoinText(s.Content))),
        "file" => s.FileId is null ? null : new MediaSource.FileId(s.FileId, Provider),
        _ => null,
    };

    /// <summary>A complete Anthropic answer → canonical.</summary>
    public static ChatResponse Response(MessageResponse m)
    {
        var content = new List<ContentBlock>(m.Content?.Count ?? 0);
        foreach (var block in m.Content ?? [])
        {
            if (block is not null && Block(block) is { } mapped) content.Add(mapped);
        }
        return new ChatResponse(m.Id ?? "", m.Model ?? "", content, AnthropicStopReasons.ToCanonical(m.StopReason))
        {
            RawStopReason = m.StopReason,
            StopSequence = m.StopSequence,
            Usage = m.Usage is null ? null : AnthropicUsage.ToCanonical(m.Usage),
        };
    }

    private static string JoinText(MessageContent? content) =>
        content?.Text ?? string.Join("\n", content?.Blocks?.Where(b => b?.Text is not null).Select(b => b!.Text) ?? []);

    private static string ToBase64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
