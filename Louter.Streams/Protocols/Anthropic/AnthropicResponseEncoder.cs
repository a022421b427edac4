using System.Buffers;
using System.Text.Json;
using Louter.Streams.Canonical;
using Louter.Streams.Codecs;
using Louter.Streams.Errors;
using Louter.Streams.Protocols.Anthropic.Wire;

namespace Louter.Streams.Protocols.Anthropic;

/// <summary>
/// Writes canonical answers as Anthropic Messages: one JSON body, or the full SSE grammar. Anthropic
/// clients hold the stream to its grammar (the SDKs' accumulators index blocks by position), so the
/// encoder guarantees it whatever order the canonical events come in:
/// <code>
///   message_start first (made up if the stream did not begin with one)
///   per block: content_block_start → deltas → content_block_stop, indexes 0, 1, 2 … in order,
///              one block open at a time (a new block, or a delta of another block, closes the open one)
///   one message_delta (stop reason, cumulative usage) after the last block, then message_stop
/// </code>
/// The canonical MessageDelta is therefore held until the message ends: content that arrives after
/// it (a sloppy stream) still lands before it, and several are folded into one (the latest stop
/// reason, the latest usage — usage is cumulative).
/// </summary>
public sealed class AnthropicResponseEncoder : IResponseEncoder
{
    private readonly string _requestId;
    private readonly string _model;
    private readonly bool _stream;
    private Utf8JsonWriter? _json;

    private bool _started;
    private bool _finished;
    private MessageDelta? _pendingDelta;
    private bool _sawToolUse;
    private int _nextIndex;
    private OpenBlock? _open;
    private HashSet<int>? _dropped;
    private MessageUsage? _usage;

    /// <summary>The block being written: its canonical index, its kind, and its index on the wire.</summary>
    private sealed record OpenBlock(int Canonical, BlockKind Kind, int Wire);

    public AnthropicResponseEncoder(string requestId, string model, bool stream)
    {
        _requestId = requestId;
        _model = model;
        _stream = stream;
    }

    public string ContentType => _stream ? "text/event-stream; charset=utf-8" : "application/json";

    public byte[] EncodeResponse(ChatResponse response) =>
        JsonSerializer.SerializeToUtf8Bytes(CanonicalToWire.Response(response, _requestId), AnthropicJson.Writer.MessageResponse);

    public void Encode(StreamEvent streamEvent, IBufferWriter<byte> output)
    {
        if (_finished) return;
        switch (streamEvent)
        {
            case MessageStart start:
                if (!_started) WriteMessageStart(start.Id, start.Model, start.Usage, output);
                return;
            case StreamError error:
                Fail(error.Error, output);
                return;
        }

        EnsureStarted(output);
        switch (streamEvent)
        {
            case BlockStart start:
                Open(start, output);
                break;
            case BlockDelta delta:
                WriteDelta(delta, output);
                break;
            case BlockStop stop:
                if (_open?.Canonical == stop.Index) Close(output);
                break;
            case MessageDelta delta:
                Close(output);
                _pendingDelta = delta.After(_pendingDelta);
                break;
            case MessageStop:
                Finish(output);
                break;
        }
    }

    public void Complete(IBufferWriter<byte> output)
    {
        if (_finished) return;
        EnsureStarted(output);
        Finish(output);
    }

    public void Fail(GatewayError error, IBufferWriter<byte> output)
    {
        if (_finished) return;
        _finished = true;
        Write(output, "error", AnthropicErrors.Envelope(error), AnthropicJson.Writer.ErrorEnvelope);
    }

    private void EnsureStarted(IBufferWriter<byte> output)
    {
        if (!_started) WriteMessageStart("", "", null, output);
    }

    private void WriteMessageStart(string id, string model, TokenUsage? usage, IBufferWriter<byte> output)
    {
        _started = true;
        _usage = AnthropicUsage.FromCanonical(usage ?? new TokenUsage(0, 0));
        var message = new MessageResponse
        {
            Id = string.IsNullOrEmpty(id) ? AnthropicIds.Message(_requestId) : id,
            Model = string.IsNullOrEmpty(model) ? _model : model,
            Content = [],
            Usage = _usage,
        };
        Write(output, "message_start", new MessageStartEvent { Message = message }, AnthropicJson.Writer.MessageStartEvent);
    }

    private void Open(BlockStart start, IBufferWriter<byte> output)
    {
        Close(output);
        _dropped?.Remove(start.Index);

        var index = _nextIndex;
        WireBlock block;
        switch (start.Kind)
        {
            case BlockKind.Opaque when start.Opaque is { Provider: WireToCanonical.Provider } opaque:
                block = WireBlock.OfRaw(opaque.Payload, opaque.Kind);
                break;
            case BlockKind.Opaque:
                // Another provider's opaque block: an Anthropic client could never use it. Its deltas and stop go too.
                (_dropped ??= []).Add(start.Index);
                return;
            case BlockKind.ToolUse:
                _sawToolUse = true;
                block = new WireBlock
                {
                    Type = "tool_use",
                    Id = string.IsNullOrEmpty(start.ToolId) ? AnthropicIds.ToolUse(_requestId, index) : start.ToolId,
                    Name = start.ToolName ?? "",
                    Input = EmptyInput,
                };
                break;
            case BlockKind.Thinking:
                block = new WireBlock { Type = "thinking", Thinking = "" };
                break;
            default:
                block = new WireBlock { Type = "text", Text = "" };
                break;
        }

        _nextIndex++;
        _open = new OpenBlock(start.Index, start.Kind, index);
        Write(output, "content_block_start", new ContentBlockStartEvent { Index = index, ContentBlock = block }, AnthropicJson.Writer.ContentBlockStartEvent);
    }

    private void WriteDelta(BlockDelta delta, IBufferWriter<byte> output)
    {
        if (delta.Text.Length == 0 || _dropped?.Contains(delta.Index) == true) return;

        var kind = delta.Kind switch
        {
            DeltaKind.ArgumentsJson => BlockKind.ToolUse,
            DeltaKind.Thinking or DeltaKind.Signature => BlockKind.Thinking,
            _ => BlockKind.Text,
        };
        if (_open is not { } open || open.Canonical != delta.Index || open.Kind != kind)
        {
            // An opaque block arrives whole: nothing may be added to it.
            if (_open is { Kind: BlockKind.Opaque } o && o.Canonical == delta.Index) return;
            // A delta for a block that is not open (never started, already closed, or of another
            // kind): Anthropic's grammar has no way to say that, so it opens a block of its own.
            Open(new BlockStart(delta.Index, kind), output);
        }

        var (type, field) = delta.Kind switch
        {
            DeltaKind.ArgumentsJson => (InputJsonDelta, PartialJsonField),
            DeltaKind.Thinking => (ThinkingDelta, ThinkingField),
            DeltaKind.Signature => (SignatureDelta, SignatureField),
            _ => (TextDelta, TextField),
        };
        _json ??= AnthropicSse.NewWriter(output, AnthropicJson.Writer.Options);
        AnthropicSse.WriteContentBlockDelta(output, _open!.Wire, type, field, delta.Text, _json);
    }

    private static readonly JsonEncodedText TextDelta = JsonEncodedText.Encode("text_delta");
    private static readonly JsonEncodedText TextField = JsonEncodedText.Encode("text");
    private static readonly JsonEncodedText InputJsonDelta = JsonEncodedText.Encode("input_json_delta");
    private static readonly JsonEncodedText PartialJsonField = JsonEncodedText.Encode("partial_json");
    private static readonly JsonEncodedText ThinkingDelta = JsonEncodedText.Encode("thinking_delta");
    private static readonly JsonEncodedText ThinkingField = JsonEncodedText.Encode("thinking");
    private static readonly JsonEncodedText SignatureDelta = JsonEncodedText.Encode("signature_delta");
    private static readonly JsonEncodedText SignatureField = JsonEncodedText.Encode("signature");

    private void Close(IBufferWriter<byte> output)
    {
        if (_open is not { } open) return;
        _open = null;
        AnthropicSse.WriteContentBlockStop(output, open.Wire);
    }

    /// <summary>
    /// Usage in message_delta is cumulative. Input and cache counts go in too: a backend that reports
    /// usage only at the end (OpenAI) had nothing to put in message_start, and the SDKs take
    /// message_delta's input_tokens when present.
    /// </summary>
    private void WriteMessageDelta(StopReason reason, string? stopSequence, TokenUsage? usage, IBufferWriter<byte> output)
    {
        if (usage is not null) _usage = AnthropicUsage.FromCanonical(usage);
        var wireUsage = usage is null ? new MessageUsage { OutputTokens = _usage?.OutputTokens ?? 0 } : _usage;
        var body = new MessageDeltaBody { StopReason = AnthropicStopReasons.FromCanonical(reason), StopSequence = stopSequence };
        Write(output, "message_delta", new MessageDeltaEvent { Delta = body, Usage = wireUsage }, AnthropicJson.Writer.MessageDeltaEvent);
    }

    private void Finish(IBufferWriter<byte> output)
    {
        Close(output);
        if (_pendingDelta is { } delta)
            WriteMessageDelta(delta.StopReason, delta.StopSequence, delta.Usage, output);
        else
            WriteMessageDelta(_sawToolUse ? StopReason.ToolUse : StopReason.EndTurn, null, null, output);
        output.Write(AnthropicSse.MessageStop);
        _finished = true;
    }

    private void Write<T>(IBufferWriter<byte> output, string name, T data, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> contract)
    {
        _json ??= AnthropicSse.NewWriter(output, contract.Options);
        AnthropicSse.Write(output, name, data, contract, _json);
    }

    private static readonly JsonElement EmptyInput = JsonElement.Parse("{}");
}
