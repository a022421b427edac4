using System.Buffers;
using System.Text.Json;
using Louter.Streams.Canonical;
using Louter.Streams.Codecs;
using Louter.Streams.Errors;
using Louter.Streams.Protocols.Xml;
using Louter.Streams.Routing;

namespace Louter.Streams.Pipeline;

/// <summary>
/// The translate step for a backend of another protocol, for one exchange:
/// <code>
///   backend wire event ─decoder─▶ canonical events ─encoder─▶ client wire bytes (one frame per upstream event)
/// </code>
/// It also takes the token usage from the canonical stream, and turns a stream that ends in a
/// canonical error into the client protocol's in-stream error.
/// </summary>
internal sealed class CrossTranslator
{
    private readonly Exchange _exchange;
    private readonly IResponseEncoder _encoder;
    private readonly IBackendCodec _codec;
    private readonly IStreamDecoder _decoder;
    private readonly List<StreamEvent> _events = new(8);
    private readonly List<StreamEvent> _transformed = new(8);
    private readonly XmlToolCallTransformer? _xml;
    private readonly BackendProtocol? _markSignaturesFrom;
    private readonly ArrayBufferWriter<byte> _output = new(1024);
    private bool _failed;

    public CrossTranslator(Exchange exchange, IFrontend frontend, IResponseEncoder encoder, IBackendCodec codec)
    {
        _exchange = exchange;
        _encoder = encoder;
        _codec = codec;
        _decoder = codec.CreateStreamDecoder();
        exchange.Encoder = encoder;
        var origin = exchange.Target?.Backend.Protocol is BackendProtocol.Mock or null ? BackendProtocol.OpenAI : exchange.Target.Backend.Protocol;
        if (origin != frontend.Protocol) _markSignaturesFrom = origin;
        if (exchange.Target?.Backend.XmlToolFormat == true)
            _xml = new XmlToolCallTransformer(exchange.Canonical?.Tools ?? [], XmlIds(exchange));
    }

    /// <summary>
    /// Tool-call ids must be unique within a conversation (Anthropic rejects repeats), and every
    /// answer's XML calls count from 1: the request id makes them unique.
    /// </summary>
    private static Func<int, string> XmlIds(Exchange exchange)
    {
        var prefix = "call_" + exchange.RequestId.Replace("req_", "", StringComparison.Ordinal)[..Math.Min(12, exchange.RequestId.Length - 4)];
        return n => $"{prefix}_{n}";
    }


    public ClientFrame? Translate(in BackendFrame frame)
    {
        switch (frame.Kind)
        {
            case BackendFrameKind.Head:
                var stream = _exchange.Request?.Stream == true;
                return new ClientFrame(_exchange, ClientFrameKind.Head)
                {
                    Status = 200,
                    ContentType = _encoder.ContentType,
                    Headers = stream ? [.. frame.Headers, .. RelayFrames.StreamHeaders] : frame.Headers,
                };

            case BackendFrameKind.Event:
                // UpstreamCall reads a translated stream in runs (TranslateStage.TranslateRun); event
                // frames come from a pass-through only.
                throw new InvalidOperationException("A translated stream's events come in runs, not one by one.");

            case BackendFrameKind.End:
                _events.Clear();
                _decoder.Complete(_events);
                return EmitFrame(end: true);

            case BackendFrameKind.Body:
                ChatResponse response;
                try
                {
                    response = _codec.DecodeResponse(frame.Data);
                }
                // Codecs report an unreadable body as JsonException (OpenAI) or InvalidDataException
                // (Anthropic, Gemini, which wrap the JSON error): either is the backend's fault, a 502.
                catch (Exception e) when (e is JsonException or InvalidDataException)
                {
                    _exchange.Outcome = UpstreamOutcome.ProtocolError;
                    return new ClientFrame(_exchange, ClientFrameKind.Error)
                    {
                        Error = new GatewayError(GatewayErrorKind.BadGateway, $"Backend '{_exchange.Target?.Backend.Name}' sent a response Louter cannot read: {e.Message}"),
                    };
                }
                catch (CodecException e)
                {
                    // A 200 whose body reports a failure (a Responses object with status "failed"):
                    // its error, already mapped so that rate limits and bad input keep their meaning.
                    _exchange.Outcome = UpstreamOutcome.ProtocolError;
                    return new ClientFrame(_exchange, ClientFrameKind.Error) { Error = e.Error };
                }
                if (_xml is not null) response = XmlToolCallTransformer.Apply(response, _exchange.Canonical?.Tools ?? [], XmlIds(_exchange), _exchange.Warnings);
                if (_markSignaturesFrom is { } from) response = SignatureProvenance.Mark(response, from);
                _exchange.Usage = response.Usage ?? _exchange.Usage;
                if (response.Model is { Length: > 0 }) _exchange.ResponseModel = response.Model;
                _exchange.FinishReason = response.RawStopReason ?? Tracing.FinishReasons.Of(response.StopReason);
                return new ClientFrame(_exchange, ClientFrameKind.Data) { Data = _encoder.EncodeResponse(response) };

            default:
                return new ClientFrame(_exchange, ClientFrameKind.Error) { Error = frame.Error };
        }
    }

    /// <summary>
    /// One upstream event of a run, found in place (its data a slice of the reader's buffer, read
    /// during the call only), written straight onto the run's bytes (no frame or array of its own).
    /// Returns what is not data — an error to answer with before anything was sent — or null.
    /// </summary>
    public ClientFrame? TranslateInto(string? eventName, ReadOnlySpan<byte> data, ArrayBufferWriter<byte> output)
    {
        _events.Clear();
        _decoder.Decode(eventName, data, _events);
        return Emit(end: false, output);
    }

    private ClientFrame? EmitFrame(bool end)
    {
        _output.ResetWrittenCount();
        if (Emit(end, _output) is { } error) return error;
        return _output.WrittenCount == 0 ? null : new ClientFrame(_exchange, ClientFrameKind.Data) { Data = _output.WrittenSpan.ToArray() };
    }

    /// <summary>Encodes the decoded events onto <paramref name="output"/>; returns an error frame when the answer fails before anything was written.</summary>
    private ClientFrame? Emit(bool end, ArrayBufferWriter<byte> output)
    {
        var written = output.WrittenCount;
        var events = _events;
        if (_xml is not null)
        {
            _transformed.Clear();
            foreach (var ev in _events) _xml.Process(ev, _transformed);
            if (end) _xml.Complete(_transformed);
            events = _transformed;
        }

        foreach (var ev in events)
        {
            if (_failed) break;
            switch (ev)
            {
                case StreamError error:
                    _failed = true;
                    _exchange.Outcome = UpstreamOutcome.ProtocolError;
                    _exchange.Error ??= error.Error;
                    if (!_exchange.Response.HasStarted && output.WrittenCount == written)
                        return new ClientFrame(_exchange, ClientFrameKind.Error) { Error = error.Error };
                    _encoder.Fail(error.Error, output);
                    continue;
                case MessageStart start:
                    if (start.Usage is { } startUsage) _exchange.Usage = startUsage;
                    if (start.Model is { Length: > 0 }) _exchange.ResponseModel = start.Model;
                    break;
                case MessageDelta delta:
                    if (delta.Usage is { } usage) _exchange.Usage = usage;
                    _exchange.FinishReason = delta.RawStopReason ?? Tracing.FinishReasons.Of(delta.StopReason);
                    break;
            }
            _encoder.Encode(_markSignaturesFrom is { } origin ? SignatureProvenance.Mark(ev, origin) : ev, output);
        }
        if (end && !_failed) _encoder.Complete(output);
        if (end && _xml is not null) _exchange.Warnings.AddRange(_xml.Warnings);
        return null;
    }
}
