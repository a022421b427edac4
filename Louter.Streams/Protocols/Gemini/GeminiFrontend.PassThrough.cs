using System.Buffers;
using System.Text.Json;
using Louter.Streams.Errors;
using Louter.Streams.Pipeline;
using Louter.Streams.Protocols.Gemini.Wire;

namespace Louter.Streams.Protocols.Gemini;

/// <summary>
/// Gemini backend → Gemini client. Louter always asks the backend for SSE; each event's data is
/// relayed unchanged, as an SSE event or — for a client that asked for the JSON array — as an array
/// element. Usage is read on the way (canonical convention). Gemini has no terminal event, so the
/// end of the body is judged here: without a finishReason, a blocked prompt or an error before it,
/// the stream was cut off and the client is told so.
/// </summary>
public sealed partial class GeminiFrontend
{
    public ClientFrame? PassThrough(in BackendFrame frame)
    {
        var exchange = frame.Exchange;
        var decoded = (GeminiDecoded)exchange.Request!;
        switch (frame.Kind)
        {
            case BackendFrameKind.Head:
                return RelayFrames.Head(frame, decoded.Stream, decoded.Stream && !decoded.JsonArrayStream ? RelayFrames.SseContentType : "application/json; charset=utf-8");

            case BackendFrameKind.Event:
                return RelayEvent(exchange, decoded, frame.Data!);

            case BackendFrameKind.Body:
                if (Probe(frame.Data!) is { UsageMetadata: { } usage }) exchange.Usage = GeminiUsage.ToCanonical(usage);
                return new ClientFrame(exchange, ClientFrameKind.Data) { Data = frame.Data };

            case BackendFrameKind.End:
                return End(exchange, decoded);

            default:
                return Failure(exchange, decoded, frame.Error!);
        }
    }

    private static ClientFrame RelayEvent(Exchange exchange, GeminiDecoded decoded, byte[] data)
    {
        if (Probe(data) is { } probe)
        {
            if (probe.UsageMetadata is { } usage) exchange.Usage = GeminiUsage.ToCanonical(usage);
            if (probe.Candidates?.Any(c => c?.FinishReason is { Length: > 0 }) == true || probe.PromptFeedback?.BlockReason is not null)
                decoded.Relay.Finished = true;
            if (probe.Error is not null)
            {
                decoded.Relay.Finished = true; // the backend ended the stream with its own error element
                exchange.Outcome = UpstreamOutcome.ServerError;
            }
        }

        var output = new ArrayBufferWriter<byte>(data.Length + 16);
        if (decoded.JsonArrayStream)
        {
            GeminiFraming.WriteArrayElement(data, !decoded.Relay.ArrayStarted, output);
            decoded.Relay.ArrayStarted = true;
        }
        else
        {
            GeminiFraming.WriteSseEvent(data, output);
        }
        return new ClientFrame(exchange, ClientFrameKind.Data) { Data = output.WrittenMemory };
    }

    private static ClientFrame? End(Exchange exchange, GeminiDecoded decoded)
    {
        if (!decoded.Relay.Finished)
        {
            exchange.Outcome = UpstreamOutcome.ProtocolError;
            var backend = exchange.Target?.Backend.Name ?? "gemini";
            return Failure(exchange, decoded, new GatewayError(GatewayErrorKind.BadGateway, $"Backend '{backend}' closed the stream before it finished."));
        }
        if (!decoded.JsonArrayStream) return null;

        var output = new ArrayBufferWriter<byte>(2);
        GeminiFraming.WriteArrayEnd(decoded.Relay.ArrayStarted, output);
        decoded.Relay.ArrayStarted = true;
        return new ClientFrame(exchange, ClientFrameKind.Data) { Data = output.WrittenMemory };
    }

    /// <summary>
    /// An error once a JSON array has begun must be an element of it, then the array closes; the
    /// graph's generic in-stream rendering is SSE, so that case is written here as data.
    /// </summary>
    private static ClientFrame Failure(Exchange exchange, GeminiDecoded decoded, GatewayError error)
    {
        if (!decoded.JsonArrayStream || !decoded.Relay.ArrayStarted)
            return new ClientFrame(exchange, ClientFrameKind.Error) { Error = error };

        exchange.Error ??= error;
        var output = new ArrayBufferWriter<byte>(256);
        GeminiFraming.WriteArrayElement(GeminiErrors.Render(error), first: false, output);
        GeminiFraming.WriteArrayEnd(started: true, output);
        return new ClientFrame(exchange, ClientFrameKind.Data) { Data = output.WrittenMemory };
    }

    /// <summary>Reads usage / finish / error from a chunk, skipping the parse when none can be there.</summary>
    private static GeminiChunkProbe? Probe(byte[] data)
    {
        var span = data.AsSpan();
        if (span.IndexOf("\"usageMetadata\""u8) < 0 && span.IndexOf("\"finishReason\""u8) < 0
            && span.IndexOf("\"error\""u8) < 0 && span.IndexOf("\"blockReason\""u8) < 0)
            return null;
        return RelayProbe.Read(span, GeminiJson.Reader.ChunkProbe);
    }
}
