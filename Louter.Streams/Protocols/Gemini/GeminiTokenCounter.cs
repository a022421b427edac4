using System.Text.Json;
using Louter.Streams.Canonical;
using Louter.Streams.Errors;
using Louter.Streams.Protocols.Gemini.Wire;

namespace Louter.Streams.Protocols.Gemini;

/// <summary>
/// <c>models/{model}:countTokens</c> without asking a backend: a deterministic estimate, not
/// Gemini's tokenizer. The rule, chosen to land near Gemini's counts for English and to lean high
/// (an estimate used for budgeting should not undercount):
/// <list type="bullet">
/// <item>text: one token per 4 ASCII characters (rounded up), plus one per non-ASCII character
/// (CJK text runs at about one token per character);</item>
/// <item>each image, audio, video or document part: 258 tokens (Gemini's charge for one image tile;
/// the real cost of audio and video grows with duration, which Louter does not decode);</item>
/// <item>tool calls, tool results and tool declarations: their names, descriptions, arguments and
/// schemas counted as text.</item>
/// </list>
/// </summary>
public static class GeminiTokenCounter
{
    public const int MediaTokens = 258;

    public static long Estimate(ChatRequest request)
    {
        long total = request.System.Sum(t => Text(t.Text));
        foreach (var message in request.Messages)
            foreach (var block in message.Content) total += Block(block);
        foreach (var tool in request.Tools)
            total += Text(tool.Name) + Text(tool.Description) + (tool.InputSchema is { } schema ? Text(schema.GetRawText()) : 0);
        return total;
    }

    /// <summary>Tokens in a text by the rule above.</summary>
    public static long Text(string? text)
    {
        if (string.IsNullOrEmpty(text)) return 0;
        long ascii = 0, other = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.IsAscii) ascii++;
            else other++;
        }
        return (ascii + 3) / 4 + other;
    }

    /// <summary>
    /// A countTokens body → the canonical request to estimate: bare <c>contents</c>, or a whole
    /// <c>generateContentRequest</c> (then the system instruction and tools count too). Validated as
    /// generateContent bodies are.
    /// </summary>
    public static (ChatRequest? Request, GatewayError? Error) Decode(ReadOnlySpan<byte> body, string model)
    {
        CountTokensRequest? count;
        try
        {
            count = body.IsEmpty ? null : JsonSerializer.Deserialize(body, GeminiJson.Reader.CountTokensRequest);
        }
        catch (JsonException ex)
        {
            return (null, GeminiRequestDecoder.Describe(ex));
        }

        var request = count?.GenerateContentRequest ?? new GenerateContentRequest { Contents = count?.Contents };
        if (GeminiRequestValidator.Validate(request) is { } error) return (null, error);
        return (GeminiRequestMapper.ToCanonical(request, GeminiEndpoints.ModelId(model), stream: false), null);
    }

    /// <summary><c>{"totalTokens": N}</c>.</summary>
    public static byte[] Render(long totalTokens) =>
        JsonSerializer.SerializeToUtf8Bytes(new CountTokensResponse { TotalTokens = totalTokens }, GeminiJson.Writer.CountTokensResponse);

    private static long Block(ContentBlock block) => block switch
    {
        TextBlock text => Text(text.Text),
        ThinkingBlock thinking => Text(thinking.Text),
        ToolUseBlock call => Text(call.Name) + Text(call.ArgumentsJson),
        ToolResultBlock result => Text(result.Name) + result.Content.Sum(Block),
        ImageBlock or AudioBlock or VideoBlock or DocumentBlock => MediaTokens,
        _ => 0,
    };
}
