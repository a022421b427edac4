using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Louter.Streams.Canonical;
using Louter.Streams.Codecs;
using Louter.Streams.Errors;
using Louter.Streams.Pipeline;
using Louter.Streams.Routing;
using Louter.Streams.Sse;
using Louter.Tests.Streams.Xml;
using Louter.Tests.Support;
using Xunit;

namespace Louter.Tests.Conformance;

/// <summary>What a client of one protocol sends: the body, and what its URL tells the endpoint.</summary>
internal sealed record ClientRequest(Uri Uri, byte[] Body, RequestHints Hints);

/// <summary>An error response as a client of one protocol reads it.</summary>
internal sealed record ClientError(int Status, string Type, string Message, string? RetryAfter);

/// <summary>What the client got: an answer, an HTTP error, or a stream that ended in an in-stream error.</summary>
internal sealed record ClientOutcome
{
    public ChatResponse? Answer { get; init; }
    public ClientError? Error { get; init; }
    public GatewayError? StreamError { get; init; }

    /// <summary>A 200 whose body the client's own codec cannot read.</summary>
    public string? Unreadable { get; init; }

    public string Body { get; init; } = "";
}

/// <summary>A request as the upstream received it.</summary>
internal sealed record UpstreamRequest(Uri Uri, IReadOnlyDictionary<string, string> Headers, byte[] Body);

/// <summary>An upstream request decoded by the upstream protocol's own frontend.</summary>
internal sealed record UpstreamView(Exchange Exchange, ChatRequest? Canonical, GatewayError? Error);

/// <summary>How the scripted upstream delivers its answer.</summary>
internal enum AnswerShape
{
    Whole,
    /// <summary>The body ends before the answer does (no finish, no terminal event; JSON cut in half).</summary>
    Cut,
    /// <summary>Every JSON object of the answer gains fields no codec knows; streams gain comments and unknown events.</summary>
    WithUnknownFields,
    /// <summary>A stream that reports the upstream's error in its own protocol after the content (Anthropic's <c>event: error</c>).</summary>
    ErrorMidStream,
}

/// <summary>Error classes whose wire shape each protocol defines (status and type/status string).</summary>
internal enum ErrorClass
{
    Invalid,
    RateLimited,
    Overloaded,
    BadGateway,
}

/// <summary>
/// Everything the suite needs to play both ends of one protocol, built from Louter's own codecs so
/// that no wire format is written twice: as the client, P's backend codec writes P's request (that
/// is what a client of P sends) and reads P's answers; as the upstream, P's frontend decodes what
/// Louter sent and P's response encoder writes P's answer (that is what a server of P sends).
/// </summary>
internal abstract class ProtocolKit
{
    public static readonly ProtocolKit OpenAI = new OpenAIKit();
    public static readonly ProtocolKit Anthropic = new AnthropicKit();
    public static readonly ProtocolKit Gemini = new GeminiKit();
    public static readonly ProtocolKit Responses = new ResponsesKit();

    public static ProtocolKit For(Proto protocol) => protocol switch
    {
        Proto.OpenAI => OpenAI,
        Proto.Anthropic => Anthropic,
        Proto.Responses => Responses,
        _ => Gemini,
    };

    public abstract Proto Proto { get; }
    public abstract IFrontend Frontend { get; }
    public abstract IBackendCodec Codec { get; }

    /// <summary>The wire shape of an error class in this protocol: HTTP status and error type (Gemini: status name).</summary>
    public abstract (int Status, string Type) Shape(ErrorClass error);

    // ── as the client ──

    private static readonly RouteCandidate ClientTarget = new(new BackendDescriptor { Name = "client", BaseUrl = new Uri("http://louter.test") }, ConformanceCase.ClientModel);

    public async Task<ClientRequest> ClientRequestAsync(ChatRequest request, Mode mode, CancellationToken ct)
    {
        using var http = Codec.CreateRequest(Says(request), ClientTarget);
        var body = await http.Content!.ReadAsByteArrayAsync(ct);
        return new ClientRequest(http.RequestUri!, body, Hints(http.RequestUri!, mode));
    }

    /// <summary>The request in the words a client of this protocol has for it, where they are not the canonical ones.</summary>
    protected virtual ChatRequest Says(ChatRequest request) => request;

    /// <summary>What the endpoint would take from the URL (Gemini: model and streaming).</summary>
    protected virtual RequestHints Hints(Uri uri, Mode mode) => RequestHints.None;

    public async Task<ClientOutcome> ReadAsync(RecordingResponseChannel client, Mode mode, CancellationToken ct)
    {
        var bytes = client.Writes.SelectMany(w => w).ToArray();
        var text = Encoding.UTF8.GetString(bytes);
        if (client.Status != 200)
        {
            using var doc = JsonDocument.Parse(bytes);
            return new ClientOutcome { Error = ReadError(client.Status, client.Header("retry-after"), doc.RootElement), Body = text };
        }
        if (mode == Mode.Json)
        {
            try
            {
                return new ClientOutcome { Answer = AsRead(Codec.DecodeResponse(bytes)), Body = text };
            }
            // CodecException: a 200 whose body says the answer failed (a Responses response with status "failed").
            catch (Exception e) when (e is JsonException or InvalidDataException or CodecException)
            {
                return new ClientOutcome { Unreadable = e.Message, Body = text };
            }
        }

        var decoder = Codec.CreateStreamDecoder();
        var events = new List<StreamEvent>();
        var frames = new List<SseEvent>();
        await foreach (var frame in Frames(bytes, mode, ct)) frames.Add(frame);
        foreach (var frame in frames) decoder.Decode(frame, events);
        decoder.Complete(events);
        var (folded, error) = CanonicalStream.Fold(events);
        var answer = folded is null ? null : AsRead(AsClientReads(folded));
        if (error is null)
        {
            CanonicalStreamAssert.Valid(events);
            AssertStreamWire(frames);
        }
        return new ClientOutcome { Answer = answer, StreamError = error, Body = text };
    }

    /// <summary>The frames of a streamed answer as this protocol's client reads them.</summary>
    protected virtual async IAsyncEnumerable<SseEvent> Frames(byte[] body, Mode mode, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var reader = new SseReader(new MemoryStream(body));
        while (await reader.ReadAsync(ct) is { } ev) yield return ev;
    }

    /// <summary>What a client of this protocol makes of a folded stream, where its SDK adds meaning of its own.</summary>
    protected virtual ChatResponse AsClientReads(ChatResponse folded) => folded;

    /// <summary>What a client of this protocol reads from an answer, body or stream, where its words are not the canonical ones.</summary>
    protected virtual ChatResponse AsRead(ChatResponse answer) => answer;

    /// <summary>Protocol grammar a successful stream must keep beyond what the canonical decoder checks.</summary>
    protected virtual void AssertStreamWire(IReadOnlyList<SseEvent> frames) { }

    protected abstract ClientError ReadError(int status, string? retryAfter, JsonElement body);

    // ── as the upstream ──

    public UpstreamView Decode(UpstreamRequest request)
    {
        var exchange = new Exchange("req_upstream_side", request.Body, new RecordingResponseChannel(), 0, CancellationToken.None)
        {
            Hints = Hints(request.Uri, Mode.Json),
        };
        Frontend.Decode(exchange);
        return exchange.Error is { } error
            ? new UpstreamView(exchange, null, error)
            : new UpstreamView(exchange, Frontend.ToCanonical(exchange.Request!), null);
    }

    /// <summary>The URL path and auth header this protocol's server expects from Louter.</summary>
    public abstract void AssertUpstreamHttp(UpstreamRequest request, string model, bool stream, string apiKey);

    public HttpResponseMessage Answer(UpstreamView view, ChatResponse answer, AnswerShape shape, int pieceLength)
    {
        var encoder = Frontend.CreateEncoder(view.Exchange);
        byte[] body;
        if (view.Exchange.Request!.Stream)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            foreach (var ev in CanonicalStream.Events(answer, pieceLength))
            {
                // A cut stream: everything up to the end of the content, nothing that says "finished".
                if (shape is AnswerShape.Cut or AnswerShape.ErrorMidStream && ev is MessageDelta) break;
                encoder.Encode(ev, buffer);
            }
            if (shape == AnswerShape.ErrorMidStream) encoder.Fail(MidStreamError, buffer);
            else if (shape != AnswerShape.Cut) encoder.Complete(buffer);
            body = buffer.WrittenSpan.ToArray();
        }
        else
        {
            body = encoder.EncodeResponse(answer);
            if (shape == AnswerShape.Cut) body = body[..(body.Length / 2)];
        }
        if (shape == AnswerShape.WithUnknownFields) body = AddUnknowns(body, view.Exchange.Request.Stream);

        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("content-type", encoder.ContentType);
        return new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = content };
    }

    /// <summary>What a server of each protocol reports in-stream when it runs out of capacity.</summary>
    public static readonly GatewayError MidStreamError = new(GatewayErrorKind.Unavailable, "Overloaded: the model is at capacity.") { Code = "backend_overloaded" };

    public const string UnknownField = "\"x_conformance_unknown\":{\"nested\":[1,{\"deep\":null}],\"flag\":true},";

    /// <summary>Adds a field no codec knows to every JSON object the upstream sends, and SSE comments between events.</summary>
    protected virtual byte[] AddUnknowns(byte[] wire, bool stream)
    {
        var text = Encoding.UTF8.GetString(wire);
        if (!stream)
        {
            var at = text.IndexOf('{', StringComparison.Ordinal);
            return Encoding.UTF8.GetBytes(text[..(at + 1)] + UnknownField + text[(at + 1)..]);
        }
        return Encoding.UTF8.GetBytes(": conformance keep-alive\n\n" + text.Replace("data: {", "data: {" + UnknownField, StringComparison.Ordinal));
    }

    /// <summary>An error as this protocol's server sends it: its status, its body, its retry hint.</summary>
    public virtual HttpResponseMessage Error(GatewayError error)
    {
        var content = new ByteArrayContent(Frontend.RenderError(error));
        content.Headers.TryAddWithoutValidation("content-type", "application/json");
        var response = new HttpResponseMessage((System.Net.HttpStatusCode)Frontend.StatusOf(error)) { Content = content };
        if (error.RetryAfter is { } delay)
            response.Headers.TryAddWithoutValidation("retry-after", ((long)delay.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
        return response;
    }

    protected static void AssertHeader(UpstreamRequest request, string name, string expected) =>
        Assert.Equal(expected, request.Headers.GetValueOrDefault(name));
}
