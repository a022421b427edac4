using System.Buffers;
using System.Text;
using System.Text.Json;
using Louter.Streams.Canonical;
using Louter.Streams.Codecs;
using Louter.Streams.Errors;
using Louter.Streams.Protocols.Gemini.Wire;

namespace Louter.Streams.Protocols.Gemini;

/// <summary>
/// Writes one exchange's canonical answer for a Gemini client: one JSON body, or a stream of
/// GenerateContentResponse chunks as SSE or as one JSON array. Text and thinking deltas go out as
/// they come; a tool call is held until its block stops, because Gemini clients expect each
/// functionCall whole. The last chunk carries finishReason and usage (Gemini's convention).
/// </summary>
public sealed class GeminiResponseEncoder : IResponseEncoder
{
    private readonly bool _stream;
    private readonly bool _jsonArray;
    private readonly Dictionary<int, OpenBlock> _open = [];
    private string? _id;
    private string? _model;
    private TokenUsage? _usage;
    private StopReason _stop = StopReason.EndTurn;
    private bool _arrayStarted;
    private bool _closed;

    public GeminiResponseEncoder(bool stream, bool jsonArray)
    {
        _stream = stream;
        _jsonArray = stream && jsonArray;
        ContentType = stream && !jsonArray ? "text/event-stream; charset=utf-8" : "application/json; charset=utf-8";
    }

    public string ContentType { get; }

    public byte[] EncodeResponse(ChatResponse response) =>
        JsonSerializer.SerializeToUtf8Bytes(GeminiResponseWriter.ToWire(response), GeminiJson.Writer.GenerateContentResponse);

    public void Encode(StreamEvent streamEvent, IBufferWriter<byte> output)
    {
        if (_closed) return;
        switch (streamEvent)
        {
            case MessageStart start:
                (_id, _model, _usage) = (start.Id, start.Model, start.Usage);
                break;
            case BlockStart { Kind: BlockKind.Opaque, Opaque: { } opaque }:
                if (OpaquePart(opaque) is { } part) WriteChunk([part], output);
                break;
            case BlockStart block:
                _open[block.Index] = new OpenBlock(block.Kind, block.ToolId ?? "", block.ToolName ?? "", block.ThoughtSignature);
                break;
            case BlockDelta delta:
                OnDelta(delta, output);
                break;
            case BlockStop stop:
                OnStop(stop.Index, output);
                break;
            case MessageDelta delta:
                _stop = delta.StopReason;
                _usage = delta.Usage ?? _usage;
                break;
            case MessageStop:
                WriteFinalChunk(output);
                break;
            case StreamError error:
                Fail(error.Error, output);
                break;
            default:
                break;
        }
    }

    public void Complete(IBufferWriter<byte> output)
    {
        if (_closed) return;
        _closed = true;
        if (_jsonArray) GeminiFraming.WriteArrayEnd(_arrayStarted, output);
    }

    public void Fail(GatewayError error, IBufferWriter<byte> output)
    {
        if (_closed) return;
        _closed = true;
        var body = GeminiErrors.Render(error);
        if (!_stream)
        {
            output.Write(body);
            return;
        }
        if (!_jsonArray)
        {
            GeminiFraming.WriteSseEvent(body, output);
            return;
        }
        // Gemini's array streams report a failure as one more element, then close the array.
        GeminiFraming.WriteArrayElement(body, !_arrayStarted, output);
        _arrayStarted = true;
        GeminiFraming.WriteArrayEnd(started: true, output);
    }

    private void OnDelta(BlockDelta delta, IBufferWriter<byte> output)
    {
        if (!_open.TryGetValue(delta.Index, out var block)) return;
        switch (delta.Kind)
        {
            case DeltaKind.Text when delta.Text.Length > 0:
                WriteChunk([new Part { Text = delta.Text }], output);
                break;
            case DeltaKind.Thinking when delta.Text.Length > 0:
                WriteChunk([GeminiResponseWriter.ThoughtPart(delta.Text, null)], output);
                break;
            case DeltaKind.Signature:
                block.Signature = (block.Signature ?? "") + delta.Text;
                break;
            case DeltaKind.ArgumentsJson:
                block.Arguments.Append(delta.Text);
                break;
            default:
                break;
        }
    }

    private void OnStop(int index, IBufferWriter<byte> output)
    {
        if (!_open.Remove(index, out var block)) return;
        if (block.Kind == BlockKind.ToolUse)
            WriteChunk([GeminiResponseWriter.CallPart(block.ToolId, block.ToolName, block.Arguments.ToString(), block.Signature)], output);
        else if (block.Signature is { } signature)
            // The thinking block's signature, on an empty thought part of its own (as Gemini sends signatures that trail a thought).
            WriteChunk([block.Kind == BlockKind.Thinking ? GeminiResponseWriter.ThoughtPart("", signature) : new Part { Text = "", ThoughtSignature = signature }], output);
    }

    private static Part? OpaquePart(OpaqueBlock opaque) =>
        opaque is { Provider: GeminiParts.Provider, Kind: GeminiParts.SignatureKind }
            ? new Part { Text = "", ThoughtSignature = opaque.Payload.GetString() }
            : GeminiResponseWriter.ToPart(opaque);

    private void WriteChunk(List<Part> parts, IBufferWriter<byte> output) =>
        WriteElement(new GenerateContentResponse
        {
            Candidates = [new Candidate { Content = new Content { Role = "model", Parts = parts }, Index = 0 }],
            ModelVersion = _model,
            ResponseId = _id,
        }, output);

    private void WriteFinalChunk(IBufferWriter<byte> output) =>
        WriteElement(new GenerateContentResponse
        {
            Candidates =
            [
                new Candidate
                {
                    Content = new Content { Role = "model", Parts = [] },
                    FinishReason = GeminiFinishReasons.FromCanonical(_stop),
                    Index = 0,
                },
            ],
            UsageMetadata = _usage is { } usage ? GeminiUsage.FromCanonical(usage) : null,
            ModelVersion = _model,
            ResponseId = _id,
        }, output);

    private void WriteElement(GenerateContentResponse chunk, IBufferWriter<byte> output)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(chunk, GeminiJson.Writer.GenerateContentResponse);
        if (_jsonArray)
        {
            GeminiFraming.WriteArrayElement(json, !_arrayStarted, output);
            _arrayStarted = true;
        }
        else
        {
            GeminiFraming.WriteSseEvent(json, output);
        }
    }

    private sealed class OpenBlock(BlockKind kind, string toolId, string toolName, string? signature)
    {
        public BlockKind Kind { get; } = kind;
        public string ToolId { get; } = toolId;
        public string ToolName { get; } = toolName;
        public string? Signature { get; set; } = signature;
        public StringBuilder Arguments { get; } = new();
    }
}
