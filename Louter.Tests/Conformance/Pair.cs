namespace Louter.Tests.Conformance;

/// <summary>The protocol a client speaks (the frontend it calls).</summary>
public enum Proto
{
    OpenAI,
    Anthropic,
    Gemini,
    /// <summary>OpenAI's Responses API (<c>/v1/responses</c>): Codex and the SDKs' Responses clients.</summary>
    Responses,
}

/// <summary>The backend columns of the matrix: one per protocol, plus an OpenAI server whose model writes XML tool calls.</summary>
public enum Column
{
    OpenAI,
    Anthropic,
    Gemini,
    OpenAIXml,
    Responses,
}

/// <summary>How the client asks for the answer: one JSON body, SSE, or (Gemini without alt=sse) one streamed JSON array.</summary>
public enum Mode
{
    Json,
    Sse,
    JsonArray,
}

/// <summary>One cell of the matrix: who asks, who answers, and how.</summary>
internal sealed record Pair(Proto Client, Column Backend, Mode Mode)
{
    /// <summary>The wire protocol the backend speaks (the XML column is an OpenAI-protocol server).</summary>
    public Proto Upstream => Backend switch
    {
        Column.Anthropic => Proto.Anthropic,
        Column.Gemini => Proto.Gemini,
        Column.Responses => Proto.Responses,
        _ => Proto.OpenAI,
    };

    public bool Stream => Mode != Mode.Json;

    public bool Xml => Backend == Column.OpenAIXml;

    /// <summary>Louter forwards the client's body and relays the answer untouched (DESIGN §2 fast path).</summary>
    public bool PassThrough => Client == Upstream && !Xml;

    /// <summary>Either end speaks <paramref name="protocol"/>.</summary>
    public bool Involves(Proto protocol) => Client == protocol || Upstream == protocol;

    /// <summary>Both ends speak <paramref name="protocol"/>.</summary>
    public bool Both(Proto protocol) => Client == protocol && Upstream == protocol;

    public override string ToString() => $"{Client} client → {Backend} backend, {Mode}";
}
