using System.Text.Json;
using Louter.Streams.Canonical;
using Louter.Streams.Classification;
using Louter.Streams.Codecs;
using Louter.Streams.Routing;
using Louter.Streams.Errors;
using Louter.Streams.Pipeline;
using Louter.Streams.Protocols.OpenAI.Mapping;
using Louter.Streams.Sse;

namespace Louter.Streams.Protocols.OpenAI;

/// <summary>
/// The OpenAI Chat Completions frontend. With an OpenAI-protocol backend it is a pass-through:
/// events are relayed as they come, and only the usage chunk that Louter itself asked for is
/// dropped when the client did not ask for it.
/// </summary>
public sealed class OpenAIChatFrontend : IFrontend, IRawRelay
{
    public static readonly OpenAIChatFrontend Instance = new();

    public string Name => "openai";

    public BackendProtocol Protocol => BackendProtocol.OpenAI;

    public ChatRequest ToCanonical(DecodedRequest request) => OpenAIRequestMapper.ToCanonical(((OpenAIChatDecoded)request).Wire);

    public IResponseEncoder CreateEncoder(Exchange exchange) => new OpenAIResponseEncoder(exchange);

    public void Decode(Exchange exchange)
    {
        var (request, error) = ChatRequestDecoder.Decode(exchange.Body.Span);
        if (error is not null || request is null)
        {
            exchange.Error = error ?? GatewayError.Invalid("The request body must be a JSON object.");
            return;
        }

        exchange.Request = new OpenAIChatDecoded
        {
            Wire = request,
            Model = request.Model!,
            Stream = request.Stream == true,
            ClientWantsStreamUsage = request.StreamOptions?.IncludeUsage == true,
        };
    }

    public RequestNeeds Classify(DecodedRequest request) =>
        OpenAIChatClassifier.Classify(((OpenAIChatDecoded)request).Wire);

    public ClientFrame? PassThrough(in BackendFrame frame)
    {
        var exchange = frame.Exchange;
        switch (frame.Kind)
        {
            case BackendFrameKind.Head:
                return RelayFrames.Head(frame);

            case BackendFrameKind.Event:
                return RelayEvent(exchange, frame.Data!);

            case BackendFrameKind.End when frame.Complete:
                return null;

            case BackendFrameKind.End:
                return RelayFrames.CutOff(exchange);

            case BackendFrameKind.Body:
                if (Probe(frame.Data!) is { Usage: { } usage }) exchange.Usage = OpenAIUsage.ToCanonical(usage);
                OpenAIRelayTrace.Observe(exchange, frame.Data!, chunk: false);
                return new ClientFrame(exchange, ClientFrameKind.Data) { Data = frame.Data };

            default:
                return new ClientFrame(exchange, ClientFrameKind.Error) { Error = frame.Error };
        }
    }

    private static ClientFrame? RelayEvent(Exchange exchange, byte[] data) =>
        Observe(exchange, data) ? new ClientFrame(exchange, ClientFrameKind.Data) { Data = SseFrame.Data(data) } : null;

    public ClientFrame? PassThroughInto(Exchange exchange, in SseEvent upstreamEvent, System.Buffers.ArrayBufferWriter<byte> output)
    {
        if (Observe(exchange, upstreamEvent.Data)) SseFrame.WriteData(output, upstreamEvent.Data);
        return null;
    }

    public bool RelaysRaw(Exchange exchange) => true;

    public bool Observe(Exchange exchange, string? eventName, ReadOnlySpan<byte> data) => Observe(exchange, data);

    /// <summary>Takes usage, errors and the trace's facts from a relayed chunk; false when the client is not to see it.</summary>
    private static bool Observe(Exchange exchange, ReadOnlySpan<byte> data)
    {
        OpenAIRelayTrace.Observe(exchange, data, chunk: true);
        if (!data.SequenceEqual(SseEvent.DoneMarker) && ProbeChunk(data) is { } probe)
        {
            if (probe.Usage is { } usage)
            {
                exchange.Usage = OpenAIUsage.ToCanonical(usage);
                // The usage-only chunk Louter asked for on the client's behalf: not the client's to see.
                if (probe.Choices is { Count: 0 } && !exchange.Request!.ClientWantsStreamUsage) return false;
            }
            if (probe.Error is not null) exchange.Outcome = UpstreamOutcome.ServerError;
        }
        return true;
    }

    /// <summary>
    /// Reads usage / error from a stream chunk, skipping the parse when neither can be there; with the
    /// stream decoder's chunk reader, which has no serializer read stack to set up. Null when the chunk
    /// does not parse (not the relay's to judge).
    /// </summary>
    private static Wire.ChatCompletionChunk? ProbeChunk(ReadOnlySpan<byte> span)
    {
        if (!MayHold(span, "usage\""u8) && !MayHold(span, "error\""u8)) return null;
        try
        {
            return Mapping.ChatChunkReader.Read(span, skipIdentity: true);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Reads usage / error from a whole answer, skipping the JSON parse when neither can be there.</summary>
    private static Wire.ChatChunkProbe? Probe(ReadOnlySpan<byte> span)
    {
        // A filter only (a hit is parsed). With include_usage, which Louter always asks for, OpenAI
        // puts "usage":null in every chunk but the last: only a key with another value is worth a parse.
        if (!MayHold(span, "usage\""u8) && !MayHold(span, "error\""u8)) return null;
        return RelayProbe.Read(span, OpenAIJsonContext.Default.ChatChunkProbe);
    }

    /// <summary>
    /// Whether <paramref name="json"/> may have the key ending in <paramref name="keyEnd"/> (<c>usage"</c>
    /// is in every <c>"usage"</c> key, and rarer to start on than <c>"</c>) with a value other than null.
    /// </summary>
    internal static bool MayHold(ReadOnlySpan<byte> json, ReadOnlySpan<byte> keyEnd)
    {
        while (true)
        {
            var at = json.IndexOf(keyEnd);
            if (at < 0) return false;
            json = json[(at + keyEnd.Length)..];
            var value = json.TrimStart(" \t\r\n"u8);
            if (value.IsEmpty || value[0] != (byte)':') continue; // not a key: the end of a string value
            if (!value[1..].TrimStart(" \t\r\n"u8).StartsWith("null"u8)) return true;
        }
    }

    public byte[] RenderError(GatewayError error) => OpenAIErrors.Render(error);

    public byte[] RenderStreamError(GatewayError error) => OpenAIErrors.RenderStreamEvent(error);
}
