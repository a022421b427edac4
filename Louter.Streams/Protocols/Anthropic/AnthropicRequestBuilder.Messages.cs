using System.Text;
using Louter.Streams.Canonical;
using Louter.Streams.Codecs;
using Louter.Streams.Errors;
using Louter.Streams.Protocols.Anthropic.Wire;

namespace Louter.Streams.Protocols.Anthropic;

public static partial class AnthropicRequestBuilder
{
    /// <summary>
    /// Canonical messages → Anthropic's alternating turns:
    /// <code>
    ///   1. each block mapped (or dropped: empty text, unsigned reasoning, other providers' opaque blocks)
    ///   2. consecutive turns of one role merged — Anthropic requires user and assistant to alternate,
    ///      and several OpenAI "tool" messages in a row are several canonical user turns
    ///   3. in each user turn, tool_result blocks first — Anthropic requires every result answering
    ///      the previous assistant turn in the next user message, before any text
    /// </code>
    /// </summary>
    private static List<MessageParam?> Messages(ChatRequest request, string backend, HashSet<string> freeform)
    {
        var turns = new List<(string Role, List<WireBlock?> Blocks)>();
        for (var i = 0; i < request.Messages.Count; i++)
        {
            var message = request.Messages[i];
            var role = message.Role == ChatRole.Assistant ? "assistant" : "user";
            var blocks = new List<WireBlock?>(message.Content.Count);
            for (var j = 0; j < message.Content.Count; j++)
            {
                if (Block(message.Content[j], $"messages[{i}].content[{j}]", backend, freeform) is { } block) blocks.Add(block);
            }
            if (blocks.Count == 0) continue;

            if (turns.Count > 0 && turns[^1].Role == role) turns[^1].Blocks.AddRange(blocks);
            else turns.Add((role, blocks));
        }

        return turns.Select(t => (MessageParam?)new MessageParam
        {
            Role = t.Role,
            Content = MessageContent.Of(t.Role == "user" ? ToolResultsFirst(t.Blocks) : t.Blocks),
        }).ToList();
    }

    private static List<WireBlock?> ToolResultsFirst(List<WireBlock?> blocks) =>
        [.. blocks.Where(b => b?.Type == "tool_result"), .. blocks.Where(b => b?.Type != "tool_result")];

    private static WireBlock? Block(ContentBlock block, string path, string backend, HashSet<string> freeform) => block switch
    {
        // Anthropic rejects empty text blocks ("text content blocks must be non-empty").
        TextBlock { Text.Length: 0 } => null,
        TextBlock t => new WireBlock { Type = "text", Text = t.Text, CacheControl = CacheControlOf(t.CacheControl) },
        ImageBlock i => new WireBlock { Type = "image", Source = ImageSource(i.Source, path, backend) },
        DocumentBlock d => new WireBlock { Type = "document", Source = DocumentSource(d.Source, path, backend), Title = d.Name },
        AudioBlock => throw Refuse(backend, "audio input", path),
        VideoBlock => throw Refuse(backend, "video input", path),
        ToolUseBlock u => new WireBlock
        {
            Type = "tool_use",
            Id = u.Id,
            Name = u.Name,
            Input = AnthropicToolInput.Of(u.ArgumentsJson, freeform.Contains(u.Name)),
        },
        ToolResultBlock r => new WireBlock
        {
            Type = "tool_result",
            ToolUseId = r.ToolUseId,
            Content = ToolResultContent(r, path, backend),
            IsError = r.IsError ? true : null,
        },
        // A thinking block goes back to Anthropic only with the signature Anthropic gave it; reasoning
        // text from other providers has none, and Anthropic rejects thinking blocks without one.
        ThinkingBlock { Signature: { Length: > 0 } signature } t => new WireBlock { Type = "thinking", Thinking = t.Text, Signature = signature },
        ThinkingBlock => null,
        // Anthropic's own opaque blocks (redacted_thinking, server tool blocks) go back verbatim;
        // another provider's would mean nothing here.
        OpaqueBlock { Provider: WireToCanonical.Provider } o => WireBlock.OfRaw(o.Payload, o.Kind),
        OpaqueBlock => null,
        _ => null,
    };

    private static MessageContent? ToolResultContent(ToolResultBlock r, string path, string backend)
    {
        if (r.Content.Count == 0) return null;
        if (r.Content is [TextBlock { CacheControl: null } only]) return MessageContent.Of(only.Text);

        var blocks = new List<WireBlock?>(r.Content.Count);
        for (var k = 0; k < r.Content.Count; k++)
        {
            var part = r.Content[k];
            var partPath = $"{path}.content[{k}]";
            // Inside a tool result Anthropic takes text, images and documents only.
            if (part is not (TextBlock or ImageBlock or DocumentBlock or AudioBlock or VideoBlock)) continue;
            if (Block(part, partPath, backend, []) is { } block) blocks.Add(block);
        }
        return blocks.Count == 0 ? null : MessageContent.Of(blocks);
    }

    private static BlockSource ImageSource(MediaSource source, string path, string backend) => source switch
    {
        MediaSource.Inline i => new BlockSource { Type = "base64", MediaType = i.MimeType, Data = i.Base64Data },
        MediaSource.Url u => new BlockSource { Type = "url", Url = u.Address },
        MediaSource.FileId f => FileSource(f, path, backend),
        _ => throw Refuse(backend, "this image source", path),
    };

    /// <summary>Anthropic reads PDFs and plain text; other document types (Word, spreadsheets) it cannot.</summary>
    private static BlockSource DocumentSource(MediaSource source, string path, string backend) => source switch
    {
        MediaSource.Inline { MimeType: "application/pdf" } i => new BlockSource { Type = "base64", MediaType = i.MimeType, Data = i.Base64Data },
        MediaSource.Inline { MimeType: "text/plain" } i => new BlockSource { Type = "text", MediaType = "text/plain", Data = DecodeText(i.Base64Data, path) },
        MediaSource.Inline i => throw Refuse(backend, $"'{i.MimeType}' documents (only PDF and plain text)", path),
        MediaSource.Url u => new BlockSource { Type = "url", Url = u.Address },
        MediaSource.FileId f => FileSource(f, path, backend),
        _ => throw Refuse(backend, "this document source", path),
    };

    private static BlockSource FileSource(MediaSource.FileId f, string path, string backend) =>
        f.Provider is null or WireToCanonical.Provider
            ? new BlockSource { Type = "file", FileId = f.Id }
            : throw Refuse(backend, $"a file uploaded to {f.Provider}", path);

    private static string DecodeText(string base64, string path)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            throw new CodecException(GatewayError.Invalid($"The plain-text document at {path} is not valid base64.", path, "invalid_value"));
        }
    }

    private static CodecException Refuse(string backend, string what, string path) =>
        new(GatewayError.Invalid($"Backend '{backend}' (anthropic) cannot take {what} ({path}).", path, "unsupported_content"));
}
