using Louter.Streams.Canonical;
using Louter.Streams.Errors;

namespace Louter.Tests.Conformance;

/// <summary>
/// One row of the table: a request a client makes, how the upstream answers, and — where the
/// answer is not simply the upstream's answer seen through the pair's documented approximations —
/// what the client must get instead.
/// </summary>
internal sealed record ConformanceCase(string Name)
{
    /// <summary>The model the client names; the backend maps it to <see cref="UpstreamModel"/>.</summary>
    public const string ClientModel = "conformance-model";
    public const string UpstreamModel = "upstream-model";

    /// <summary>The client's request (model and stream are set per row).</summary>
    public required ChatRequest Request { get; init; }

    /// <summary>The upstream's answer in canonical form. Per pair because ids differ: the Gemini API omits call ids.</summary>
    public Func<Pair, ChatResponse> Answer { get; init; } = _ => Answers.Hello;

    /// <summary>Set: the upstream writes this, and the client must see <see cref="Answer"/> (Louter completes what the upstream left implicit).</summary>
    public Func<Pair, ChatResponse>? Written { get; init; }

    /// <summary>Set: the upstream answers with this error in its own protocol's shape instead.</summary>
    public GatewayError? UpstreamError { get; init; }

    /// <summary>Set: the upstream's reply, written by hand (what no encoder of Louter's writes, like a Responses failed response).</summary>
    public Func<UpstreamView, HttpResponseMessage>? Reply { get; init; }

    public AnswerShape Shape { get; init; } = AnswerShape.Whole;

    /// <summary>Stream pieces (text and argument fragments) are this long, so JSON is split mid-token.</summary>
    public int PieceLength { get; init; } = 6;

    /// <summary>False where the client's protocol cannot even say the request (audio from an Anthropic client).</summary>
    public Func<Pair, bool> Applies { get; init; } = _ => true;

    /// <summary>Why <see cref="Applies"/> leaves a pair out: the matrix's "n/a" says it.</summary>
    public string? Why { get; init; }

    /// <summary>Louter may fetch media URLs a backend cannot take (<c>[server] fetch_media_urls</c>), from <see cref="MediaServer"/>.</summary>
    public bool FetchMediaUrls { get; init; }

    /// <summary>Also runs against the OpenAI server whose model writes XML tool calls.</summary>
    public bool ToolCase { get; init; }

    /// <summary>Set: a Responses client's body says this too (what the canonical model has no word for, like hosted tools).</summary>
    public Action<System.Text.Json.Nodes.JsonObject>? ResponsesBody { get; init; }

    /// <summary>Only where the client must not get the upstream's answer.</summary>
    public Func<Pair, Expected?>? Expect { get; init; }

    /// <summary>Assertions of their own, after the common ones.</summary>
    public Action<Turn>? Check { get; init; }

    /// <summary>A second turn built from what the client saw in the first.</summary>
    public FollowUp? FollowUp { get; init; }

    public bool AppliesTo(Pair pair) => Applies(pair) && (!pair.Xml || ToolCase);
}

/// <summary>What the client must get, when it is not the upstream's answer.</summary>
internal abstract record Expected;

/// <summary>An HTTP error in the client's own shape. <paramref name="UpstreamCalled"/>: false when Louter must refuse before calling.</summary>
internal sealed record ExpectError(ErrorClass Class, string MessageContains, string? RetryAfter = null, bool UpstreamCalled = true) : Expected;

/// <summary>A 200 stream that ends in the client protocol's in-stream error; <paramref name="Kind"/>: the meaning the client's decoder must read from it.</summary>
internal sealed record ExpectStreamError(string MessageContains, GatewayErrorKind? Kind = null) : Expected;

/// <summary>The upstream's body, byte for byte (the same-protocol fast path does not parse it).</summary>
internal sealed record ExpectVerbatim : Expected;

/// <summary>
/// A second turn: the client sends back the answer it saw plus a result for every tool call in it
/// (or, when it made no calls, the question <paramref name="Then"/>).
/// <paramref name="ClientKeepsIds"/> false: a Gemini client that drops call ids (they are optional in
/// Gemini), so Louter must pair calls and results itself. <paramref name="ByPreviousResponseId"/>: a
/// Responses client that stored the first turn (<c>store: true</c>) and sends only the new items with
/// <c>previous_response_id</c>, so Louter must rebuild the conversation from its store.
/// </summary>
internal sealed record FollowUp(bool ClientKeepsIds, ChatResponse Answer, string? Then = null, bool ByPreviousResponseId = false);

/// <summary>One exchange through the graph, from both ends.</summary>
internal sealed record Turn(
    Pair Pair,
    ChatRequest Request,
    Louter.Streams.Pipeline.Exchange Exchange,
    Louter.Tests.Support.RecordingResponseChannel Client,
    ClientOutcome Outcome,
    IReadOnlyList<UpstreamRequest> Received,
    IReadOnlyList<UpstreamView> Views,
    IReadOnlyList<byte[]> Sent);
