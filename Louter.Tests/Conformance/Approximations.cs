using Louter.Streams.Canonical;
using Louter.Streams.Protocols.Anthropic;
using Louter.Streams.Protocols.Gemini;

namespace Louter.Tests.Conformance;

/// <summary>
/// What a pair of protocols documentedly cannot carry, and what their codecs send instead. The
/// suite compares after these projections and nothing else: a difference they do not explain is a
/// bug. Each rule names the codec documentation that states it.
/// </summary>
internal static partial class Approximations
{
    // ── the request, as the upstream should receive it ──

    /// <summary>The case's request after the pair's documented rewrites (applied to the expectation only).</summary>
    public static ChatRequest ExpectedUpstream(ChatRequest request, Pair pair, bool fetchesMedia = false)
    {
        var r = request with { Model = ConformanceCase.UpstreamModel };

        // A Responses client sends reasoning back only as reasoning items that carry encrypted_content
        // (the signature): unsigned thinking it has no way to send (ResponsesKit.Says).
        if (pair.Client == Proto.Responses)
            r = r with { Messages = [.. r.Messages.Select(m => m with { Content = [.. m.Content.Where(b => b is not ThinkingBlock { Signature: null })] })] };

        // A media URL the backend cannot fetch itself is fetched and inlined when the policy allows it
        // (MediaInliner; without the policy the row expects a 400 instead). The fast path forwards as is.
        if (fetchesMedia && !pair.PassThrough)
            r = r with { Messages = [.. r.Messages.Select(m => m with { Content = [.. m.Content.Select(b => Fetched(b, pair))] })] };

        // A request for reasoning as the client's protocol can say it, then as the backend's can (Approximations.Reasoning.cs).
        r = r with { Reasoning = ReasoningAs(pair.Upstream, ReasoningAs(pair.Client, r.Reasoning)) };

        // Anthropic requires max_tokens; a client that gave none gets AnthropicRequestBuilder.DefaultMaxTokens
        // (and the Anthropic client kit, which is that builder, always sends one).
        if (r.Sampling.MaxOutputTokens is null && pair.Involves(Proto.Anthropic))
            r = r with { Sampling = r.Sampling with { MaxOutputTokens = AnthropicRequestBuilder.DefaultMaxTokens } };

        // Anthropic's Messages API has no response_format: AnthropicRequestBuilder.System turns the format
        // into an instruction (with the schema) at the end of the system prompt. JSON by request, not by construction.
        if (pair.Involves(Proto.Anthropic) && r.ResponseFormat is { Kind: not ResponseFormatKind.Text } format)
            r = r with { System = [.. r.System, new TextBlock(JsonInstruction(format))], ResponseFormat = null };

        // Reasoning signatures are valid only for the provider that issued them (SignatureProvenance): one
        // marked "louter:{protocol}:" (it crossed to the client) goes back unmarked to that protocol; an
        // unmarked one came from the client's own protocol; any other backend gets none. Anthropic and Gemini
        // take no unsigned reasoning back (AnthropicRequestBuilder.Messages, GeminiContentsBuilder): it is dropped.
        if (!pair.PassThrough)
            r = r with { Messages = [.. r.Messages.Select(m => m with { Content = [.. m.Content.Select(b => Resolve(b, pair)).Where(b => b is not ThinkingBlock { Signature: null })] })] };

        // Gemini 3 rejects function calls without a thought signature: calls that never had one get
        // GeminiContentsBuilder.SkipSignatureValidator (DESIGN §4, Gemini).
        if (pair.Upstream == Proto.Gemini)
            r = r with { Messages = [.. r.Messages.Select(SignCalls)] };

        // OpenAI tool messages have no is_error: OpenAIRequestWriter.WriteUser prefixes the text with "Error: ";
        // nor have Responses function_call_output items (ResponsesRequestBuilder.ToolOutput does the same).
        if (pair.Involves(Proto.OpenAI) || pair.Involves(Proto.Responses))
            r = r with { Messages = [.. r.Messages.Select(m => m with { Content = [.. m.Content.Select(ErrorAsText)] })] };

        // OpenAI's file part needs a filename: OpenAIRequestWriter names an unnamed document "document.pdf".
        if (pair.Upstream == Proto.OpenAI)
            r = r with { Messages = [.. r.Messages.Select(m => m with { Content = [.. m.Content.Select(b => b is DocumentBlock { Name: null } d ? d with { Name = "document.pdf" } : b)] })] };

        // So does a Responses input_file with file_data: ResponsesRequestBuilder.DefaultFileName names it by its type.
        if (pair.Involves(Proto.Responses))
            r = r with { Messages = [.. r.Messages.Select(m => m with { Content = [.. m.Content.Select(b => b is DocumentBlock { Name: null, Source: MediaSource.Inline { MimeType: "application/pdf" } } d ? d with { Name = "document.pdf" } : b)] })] };

        // A freeform tool (Responses "custom") exists only in the Responses API: any other backend gets a
        // function with one string parameter "input", and each call's raw input as {"input": raw}
        // (FreeformInput, and each builder's FreeformSchema, restated in FreeformAsFunction).
        if (pair.Upstream != Proto.Responses && r.Tools.Any(t => t.Freeform))
            r = FreeformAsFunction(r, pair.Upstream);

        // OpenAI accepts no reasoning in history: OpenAIRequestWriter drops it.
        if (pair.Upstream == Proto.OpenAI)
            r = r with { Messages = [.. r.Messages.Select(m => m with { Content = [.. m.Content.Where(b => b is not ThinkingBlock)] })] };

        return UpstreamView(r, pair);
    }

    /// <summary>The request projected onto what both protocols of the pair can say (applied to both sides).</summary>
    public static ChatRequest UpstreamView(ChatRequest r, Pair pair)
    {
        // Prompt-cache breakpoints are Anthropic's alone.
        var cache = pair.Both(Proto.Anthropic);
        // OpenAI has one system message (OpenAIRequestWriter joins the blocks with a blank line); Anthropic
        // system blocks and Gemini system parts stay apart.
        // So has a Responses request (its instructions: ResponsesRequestBuilder joins them the same way).
        IReadOnlyList<TextBlock> system = (pair.Involves(Proto.OpenAI) || pair.Involves(Proto.Responses)) && r.System.Count > 0
            ? [new TextBlock(string.Join("\n\n", r.System.Select(s => s.Text)))]
            : [.. r.System.Select(s => cache ? s : s with { CacheControl = null })];

        // A reasoning item a Responses upstream receives is its summary signed with its encrypted_content (ResponsesKit).
        var messages = MergeTurns(r.Messages.Select(m => m with
        {
            Content = [.. (pair.Upstream == Proto.Responses ? ResponsesKit.ReasoningAsThinking(m.Content) : m.Content).Where(b => b is not TextBlock { Text.Length: 0 }).Select(b => Block(b, pair))],
        }));
        // A user turn of plain text is one string for OpenAI: OpenAIRequestWriter.WriteUser joins the parts with a newline.
        if (pair.Involves(Proto.OpenAI))
            messages = [.. messages.Select(m => m.Role == ChatRole.User && m.Content.Count > 1 && m.Content.All(b => b is TextBlock)
                ? m with { Content = [new TextBlock(string.Join("\n", m.Content.Cast<TextBlock>().Select(t => t.Text)))] }
                : m)];

        var sampling = r.Sampling;
        // OpenAI has no top_k (OpenAIRequestWriter); Anthropic no seed or penalties (AnthropicRequestBuilder);
        // only OpenAI has n, and Gemini's candidateCount is never sent (GeminiRequestBuilder: candidate 0 only).
        if (pair.Involves(Proto.OpenAI)) sampling = sampling with { TopK = null };
        if (pair.Involves(Proto.Anthropic)) sampling = sampling with { Seed = null, PresencePenalty = null, FrequencyPenalty = null };
        if (!pair.Both(Proto.OpenAI)) sampling = sampling with { CandidateCount = null };
        // The Responses API has no stop sequences, top_k, seed or penalties (ResponsesRequestBuilder drops them,
        // ResponsesRequestMapper has nothing to read them from).
        if (pair.Involves(Proto.Responses)) sampling = sampling with { TopK = null, Seed = null, Stop = [], PresencePenalty = null, FrequencyPenalty = null };

        return r with
        {
            System = system,
            Messages = messages,
            Sampling = sampling,
            // Strict tool arguments are OpenAI's alone.
            Tools = [.. r.Tools.Select(t => pair.Both(Proto.OpenAI) ? t : t with { Strict = null })],
            // Gemini cannot forbid parallel calls (GeminiRequestBuilder.ToolConfigOf).
            ToolChoice = r.ToolChoice is { } c && pair.Involves(Proto.Gemini) ? c with { ParallelCalls = null } : r.ToolChoice,
            // Schema names and strictness are OpenAI's alone, and OpenAIRequestWriter names an unnamed schema "response".
            ResponseFormat = r.ResponseFormat is { } f ? f with { Name = null, Strict = null } : null,
        };
    }

    private static ContentBlock Block(ContentBlock block, Pair pair) => block switch
    {
        TextBlock { CacheControl: not null } text when !pair.Both(Proto.Anthropic) => text with { CacheControl = null },
        // Anthropic's tool_result has no tool name.
        ToolResultBlock result when pair.Upstream == Proto.Anthropic => result with { Name = null },
        // Thought signatures are Gemini's alone.
        ToolUseBlock call when pair.Upstream != Proto.Gemini => call with { ThoughtSignature = null },
        // Gemini's inlineData has no file name (GeminiMedia); a URL's MIME type is a hint only Gemini's fileData carries.
        DocumentBlock document => document with
        {
            Name = pair.Involves(Proto.Gemini) ? null : document.Name,
            Source = document.Source is MediaSource.Url url && !pair.Both(Proto.Gemini) ? url with { MimeType = null } : document.Source,
        },
        // The detail hint is OpenAI's; a URL's MIME type is a hint only Gemini's fileData carries.
        ImageBlock image => image with
        {
            Detail = pair.Both(Proto.OpenAI) ? image.Detail : null,
            Source = image.Source is MediaSource.Url url && !pair.Both(Proto.Gemini) ? url with { MimeType = null } : image.Source,
        },
        _ => block,
    };

    private static List<ChatMessage> MergeTurns(IEnumerable<ChatMessage> messages)
    {
        // Anthropic requires alternating turns and OpenAI sends each tool result as a message of its own:
        // consecutive turns of one role are one turn (AnthropicRequestBuilder.Messages, OpenAIRequestMapper).
        var merged = new List<ChatMessage>();
        foreach (var m in messages)
        {
            if (m.Content.Count == 0) continue;
            if (merged.Count > 0 && merged[^1].Role == m.Role) merged[^1] = merged[^1] with { Content = [.. merged[^1].Content, .. m.Content] };
            else merged.Add(m);
        }
        return merged;
    }

    /// <summary>How SignatureProvenance marks a signature that crosses from <paramref name="origin"/> (restated on purpose).</summary>
    public static string Marked(string signature, Proto origin) =>
        $"louter:{(origin == Proto.Responses ? "openai-responses" : origin.ToString().ToLowerInvariant())}:{signature}";

    private static ContentBlock Resolve(ContentBlock block, Pair pair) => block switch
    {
        ThinkingBlock { Signature: { } s } t => t with { Signature = Resolve(s, pair) },
        ToolUseBlock { ThoughtSignature: { } s } u => u with { ThoughtSignature = Resolve(s, pair) },
        _ => block,
    };

    private static string? Resolve(string signature, Pair pair)
    {
        var mine = Marked("", pair.Upstream);
        if (signature.StartsWith(mine, StringComparison.Ordinal)) return signature[mine.Length..];
        if (signature.StartsWith("louter:", StringComparison.Ordinal)) return null;
        return pair.Client == pair.Upstream ? signature : null;
    }

    /// <summary>Which media each backend protocol takes by URL (restated from MediaUrlSupport: web URLs, no Cloud Storage).</summary>
    public static bool TakesUrl(Proto upstream, ContentBlock block) => upstream switch
    {
        Proto.OpenAI => block is ImageBlock,
        Proto.Anthropic or Proto.Responses => block is ImageBlock or DocumentBlock,
        _ => false,
    };

    private static ContentBlock Fetched(ContentBlock block, Pair pair)
    {
        MediaSource? source = block switch { ImageBlock i => i.Source, DocumentBlock d => d.Source, AudioBlock a => a.Source, _ => null };
        if (source is not MediaSource.Url url || TakesUrl(pair.Upstream, block)) return block;
        var (mime, data) = MediaServer.Files[new Uri(url.Address).AbsolutePath];
        var inline = new MediaSource.Inline(mime, data);
        return block switch
        {
            ImageBlock i => i with { Source = inline },
            DocumentBlock d => d with { Source = inline },
            AudioBlock a => a with { Source = inline },
            _ => block,
        };
    }

    private static ChatMessage SignCalls(ChatMessage m)
    {
        var calls = m.Content.OfType<ToolUseBlock>().ToList();
        if (m.Role != ChatRole.Assistant || calls.Count == 0 || calls.Any(c => c.ThoughtSignature is not null)) return m;
        return m with { Content = [.. m.Content.Select(b => b is ToolUseBlock c ? c with { ThoughtSignature = GeminiContentsBuilder.SkipSignatureValidator } : b)] };
    }

    private static ContentBlock ErrorAsText(ContentBlock block) =>
        block is ToolResultBlock { IsError: true } r
            ? r with { IsError = false, Content = [new TextBlock(r.Text.StartsWith("Error", StringComparison.Ordinal) ? r.Text : "Error: " + r.Text)] }
            : block;

    /// <summary>The instruction AnthropicRequestBuilder writes for a response format (restated here on purpose: changing it shows here).</summary>
    public static string JsonInstruction(ResponseFormat format) => format is { Kind: ResponseFormatKind.JsonSchema, Schema: { } schema }
        ? "Respond with a single JSON value that conforms to the JSON Schema below, and nothing else: no text before or after it, no Markdown code fences.\n" + schema.GetRawText()
        : "Respond with a single JSON object and nothing else: no text before or after it, no Markdown code fences.";

    // ── the answer, as the client should see it ──

    /// <summary>
    /// The upstream's answer after the pair's documented rewrites (applied to the expectation only): a
    /// signature that crosses to a client of another protocol is marked with its origin
    /// (SignatureProvenance), so that it goes back to that provider only.
    /// </summary>
    public static ChatResponse ExpectedAnswer(ChatResponse r, Pair pair) => pair.Client == pair.Upstream ? r : r with
    {
        Content = [.. r.Content.Select(b => b switch
        {
            ThinkingBlock { Signature: { Length: > 0 } s } t => t with { Signature = Marked(s, pair.Upstream) },
            ToolUseBlock { ThoughtSignature: { Length: > 0 } s } u => u with { ThoughtSignature = Marked(s, pair.Upstream) },
            _ => b,
        })],
    };

    /// <summary>The answer projected onto what both protocols of the pair can say (applied to both sides).</summary>
    public static ChatResponse ClientView(ChatResponse r, Pair pair)
    {
        var stopSequence = pair.Both(Proto.Anthropic);
        var usage = r.Usage ?? new TokenUsage(0, 0);
        return r with
        {
            // Ids and model names are each codec's to make up; the raw reason is per protocol by definition.
            Id = "",
            Model = "",
            RawStopReason = null,
            // Only Anthropic says which stop sequence ended the answer; OpenAI and Gemini call it a plain stop.
            StopReason = r.StopReason switch
            {
                StopReason.StopSequence when !stopSequence => StopReason.EndTurn,
                // Anthropic has one reason for both, "refusal"; OpenAI (content_filter) and Gemini (SAFETY and
                // kin) have only the filter: what the client reads depends on the client's protocol alone.
                // Responses has both (a refusal part; incomplete for content_filter): a Responses client reads what the upstream said.
                StopReason.ContentFilter or StopReason.Refusal when pair.Client == Proto.Responses => pair.Upstream switch
                {
                    Proto.Anthropic => StopReason.Refusal,
                    Proto.Responses => r.StopReason,
                    _ => StopReason.ContentFilter,
                },
                StopReason.ContentFilter or StopReason.Refusal => pair.Client == Proto.Anthropic ? StopReason.Refusal : StopReason.ContentFilter,
                var stop => stop,
            },
            StopSequence = stopSequence ? r.StopSequence : null,
            Usage = usage with
            {
                // Only Anthropic counts cache writes; only OpenAI and Gemini count reasoning tokens apart.
                CacheWrite = pair.Both(Proto.Anthropic) ? usage.CacheWrite : 0,
                Reasoning = pair.Involves(Proto.Anthropic) ? 0 : usage.Reasoning,
            },
            Content = MergeText(r.Content.Where(b => b is not TextBlock { Text.Length: 0 }).Select(b => b switch
            {
                // OpenAI's reasoning_content has no signature (OpenAIResponseEncoder).
                ThinkingBlock t when pair.Involves(Proto.OpenAI) => t with { Signature = null },
                // A Responses backend's reasoning item (its encrypted_content) has no place in another protocol's
                // answer: their clients get its summary as unsigned thinking (the encoders drop foreign opaque blocks).
                ThinkingBlock t when pair.Upstream == Proto.Responses && pair.Client != Proto.Responses => t with { Signature = null },
                ToolUseBlock u when !pair.Both(Proto.Gemini) => u with { ThoughtSignature = null },
                // An XML-format model writes "text\n<tool_call>…": XmlToolCallTransformer streams text as soon
                // as it cannot be a tag, so the newline before the call stays with the text (its own tests say so).
                TextBlock t when pair.Xml => t with { Text = t.Text.TrimEnd('\n') },
                _ => b,
            })),
        };
    }

    private static List<ContentBlock> MergeText(IEnumerable<ContentBlock> blocks)
    {
        // Text split into several parts or deltas is one text.
        var merged = new List<ContentBlock>();
        foreach (var b in blocks)
        {
            if (b is TextBlock t && merged.Count > 0 && merged[^1] is TextBlock previous) merged[^1] = new TextBlock(previous.Text + t.Text);
            else merged.Add(b);
        }
        return merged;
    }
}
