using Louter.Streams.Canonical;

namespace Louter.Streams.Protocols.Anthropic;

/// <summary>
/// An estimate of a request's input tokens for /v1/messages/count_tokens when no Anthropic backend
/// can count them exactly. Claude Code calls count_tokens to decide when to compact a conversation,
/// so an answer that is roughly right and never wildly low matters more than precision. Deterministic:
/// the same request always gets the same number.
/// <code>
///   ⌈characters ÷ 4⌉         text of system, messages, tool calls and results, tool names, descriptions and schemas
///   + 4 per message           role and turn markers
///   + 1,600 per image         Anthropic resizes images to about 1.15 megapixels, ≈ width×height/750 tokens at most
///   + 1,500 per PDF           the low end of Anthropic's 1,500–3,000 tokens per page; Louter does not count pages
///   + 346 if tools are given  the tool-use system prompt Anthropic adds (its pricing documentation)
/// </code>
/// Thinking from earlier turns is not counted: Anthropic strips it from the context.
/// </summary>
public static class AnthropicTokenCounter
{
    public const int CharactersPerToken = 4;
    public const int TokensPerMessage = 4;
    public const int TokensPerImage = 1600;
    public const int TokensPerPdf = 1500;
    public const int ToolUseSystemPromptTokens = 346;

    public static long Estimate(ChatRequest request)
    {
        long characters = 0, fixedTokens = 0;

        foreach (var block in request.System) characters += block.Text.Length;
        foreach (var message in request.Messages)
        {
            fixedTokens += TokensPerMessage;
            foreach (var block in message.Content) Count(block, ref characters, ref fixedTokens);
        }
        foreach (var tool in request.Tools)
        {
            characters += tool.Name.Length + (tool.Description?.Length ?? 0);
            if (tool.InputSchema is { } schema) characters += schema.GetRawText().Length;
        }
        if (request.Tools.Count > 0) fixedTokens += ToolUseSystemPromptTokens;

        return (characters + CharactersPerToken - 1) / CharactersPerToken + fixedTokens;
    }

    private static void Count(ContentBlock block, ref long characters, ref long fixedTokens)
    {
        switch (block)
        {
            case TextBlock t:
                characters += t.Text.Length;
                break;
            case ToolUseBlock u:
                characters += u.Name.Length + u.ArgumentsJson.Length;
                break;
            case ToolResultBlock r:
                foreach (var part in r.Content) Count(part, ref characters, ref fixedTokens);
                break;
            case ImageBlock:
                fixedTokens += TokensPerImage;
                break;
            case DocumentBlock { Source: MediaSource.Inline { MimeType: "text/plain" } text }:
                // base64 is 4 characters per 3 bytes; the text is about as many characters as bytes.
                characters += text.Base64Data.Length * 3 / 4;
                break;
            case DocumentBlock:
                fixedTokens += TokensPerPdf;
                break;
            // Thinking and opaque blocks (earlier turns' reasoning) are stripped by Anthropic; audio and video it cannot take.
        }
    }
}
