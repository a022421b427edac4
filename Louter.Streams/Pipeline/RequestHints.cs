namespace Louter.Streams.Pipeline;

/// <summary>
/// What a frontend's HTTP endpoint knows about a request besides its body: Gemini puts the model
/// and the streaming choice in the URL; Anthropic clients send headers a same-protocol backend needs.
/// </summary>
public sealed record RequestHints
{
    public static readonly RequestHints None = new();

    /// <summary>The model named in the URL (Gemini: /v1beta/models/{model}:generateContent).</summary>
    public string? PathModel { get; init; }

    /// <summary>Streaming chosen by the URL (Gemini :streamGenerateContent) rather than the body.</summary>
    public bool? Stream { get; init; }

    /// <summary>Gemini streaming without alt=sse: the answer is one JSON array, streamed element by element.</summary>
    public bool JsonArrayStream { get; init; }

    /// <summary>Client headers to forward to a backend of the same protocol (anthropic-version, anthropic-beta).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ForwardHeaders { get; init; } = [];

    /// <summary>Responses: the response store, and the conversation named by previous_response_id.</summary>
    public Protocols.Responses.ResponsesContext? Responses { get; init; }
}
