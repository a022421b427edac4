using System.Text.Json;
using Louter.Streams.Canonical;
using Louter.Streams.Codecs;
using Louter.Streams.Errors;
using Louter.Streams.Protocols.Anthropic.Wire;
using Louter.Streams.Sse;

namespace Louter.Streams.Protocols.Anthropic;

/// <summary>
/// An Anthropic stream → canonical events. The canonical grammar is Anthropic's, so this is mostly a
/// field-by-field mapping; the state is what Anthropic spreads over several events: the running
/// usage totals, which blocks arrived whole (their deltas are dropped), and whether message_stop came.
/// </summary>
public sealed class AnthropicStreamDecoder : IStreamDecoder
{
    private MessageUsage? _usage;
    private HashSet<int>? _opaque;

    /// <summary>tool_use blocks whose input has not streamed a character yet.</summary>
    private HashSet<int>? _noInputYet;
    private bool _stopped;
    private bool _failed;

    public void Decode(in SseEvent upstreamEvent, List<StreamEvent> output) => Decode(upstreamEvent.Event, upstreamEvent.Data, output);

    public void Decode(string? eventName, ReadOnlySpan<byte> data, List<StreamEvent> output)
    {
        if (_stopped || _failed) return;

        StreamEventData? payload;
        try
        {
            payload = JsonSerializer.Deserialize(data, AnthropicJsonContext.Default.StreamEventData);
        }
        catch (JsonException)
        {
            Fail(new GatewayError(GatewayErrorKind.BadGateway, $"The backend sent a '{eventName ?? "data"}' event that is not valid JSON."), output);
            return;
        }
        if (payload is null) return;

        switch (payload.Type ?? eventName)
        {
            case "message_start":
                _usage = payload.Message?.Usage;
                output.Add(new MessageStart(payload.Message?.Id ?? "", payload.Message?.Model ?? "")
                {
                    Usage = _usage is null ? null : AnthropicUsage.ToCanonical(_usage),
                });
                break;
            case "content_block_start" when payload.Index is { } index:
                BlockStarted(index, payload.ContentBlock, output);
                break;
            case "content_block_delta" when payload.Index is { } index:
                if (_opaque?.Contains(index) != true && DeltaOf(index, payload.Delta) is { } delta)
                {
                    if (delta.Kind == DeltaKind.ArgumentsJson) _noInputYet?.Remove(index);
                    output.Add(delta);
                }
                break;
            case "content_block_stop" when payload.Index is { } index:
                // A call without parameters streams no input_json_delta (or only ""): its input is the
                // "{}" of content_block_start. Canonical arguments are JSON text, and OpenAI clients
                // json.loads() them: an empty string would break them where "{}" does not.
                if (_noInputYet?.Remove(index) == true) output.Add(new BlockDelta(index, DeltaKind.ArgumentsJson, "{}"));
                output.Add(new BlockStop(index));
                break;
            case "message_delta":
                if (payload.Usage is not null) _usage = AnthropicUsage.Merge(_usage, payload.Usage);
                output.Add(new MessageDelta(AnthropicStopReasons.ToCanonical(payload.Delta?.StopReason))
                {
                    RawStopReason = payload.Delta?.StopReason,
                    StopSequence = payload.Delta?.StopSequence,
                    Usage = _usage is null ? null : AnthropicUsage.ToCanonical(_usage),
                });
                break;
            case "message_stop":
                _stopped = true;
                output.Add(MessageStop.Instance);
                break;
            case "error":
                Fail(AnthropicErrors.FromStreamError(payload.Error), output);
                break;
            // ping, and event types added after this was written: nothing to relay.
        }
    }

    public void Complete(List<StreamEvent> output)
    {
        if (_stopped || _failed) return;
        Fail(new GatewayError(GatewayErrorKind.BadGateway, "The backend closed the stream before it finished."), output);
    }

    private void Fail(GatewayError error, List<StreamEvent> output)
    {
        _failed = true;
        output.Add(new StreamError(error));
    }

    private void BlockStarted(int index, WireBlock? block, List<StreamEvent> output)
    {
        switch (block?.Type)
        {
            case "text":
                output.Add(new BlockStart(index, BlockKind.Text));
                if (!string.IsNullOrEmpty(block.Text)) output.Add(new BlockDelta(index, DeltaKind.Text, block.Text));
                break;
            case "tool_use":
                output.Add(new BlockStart(index, BlockKind.ToolUse) { ToolId = block.Id, ToolName = block.Name });
                // The input streams as input_json_delta after an empty "{}"; a server that sends it whole here is honoured.
                if (block.Input is { ValueKind: JsonValueKind.Object } input && input.EnumerateObject().Any())
                    output.Add(new BlockDelta(index, DeltaKind.ArgumentsJson, input.GetRawText()));
                else
                    (_noInputYet ??= []).Add(index);
                break;
            case "thinking":
                output.Add(new BlockStart(index, BlockKind.Thinking));
                if (!string.IsNullOrEmpty(block.Thinking)) output.Add(new BlockDelta(index, DeltaKind.Thinking, block.Thinking));
                if (!string.IsNullOrEmpty(block.Signature)) output.Add(new BlockDelta(index, DeltaKind.Signature, block.Signature));
                break;
            default:
                // redacted_thinking arrives whole here; server tool blocks (server_tool_use,
                // web_search_tool_result) only Anthropic can take back. Kept whole, opaque, and any
                // deltas they get are not the canonical stream's to interpret.
                if (block?.Raw is not { } raw) return;
                (_opaque ??= []).Add(index);
                output.Add(new BlockStart(index, BlockKind.Opaque) { Opaque = new OpaqueBlock(WireToCanonical.Provider, block.Type ?? "unknown", raw) });
                break;
        }
    }

    private static BlockDelta? DeltaOf(int index, EventDelta? d) => d?.Type switch
    {
        "text_delta" when !string.IsNullOrEmpty(d.Text) => new BlockDelta(index, DeltaKind.Text, d.Text),
        // The first input_json_delta is often "": nothing to add.
        "input_json_delta" when !string.IsNullOrEmpty(d.PartialJson) => new BlockDelta(index, DeltaKind.ArgumentsJson, d.PartialJson),
        "thinking_delta" when !string.IsNullOrEmpty(d.Thinking) => new BlockDelta(index, DeltaKind.Thinking, d.Thinking),
        "signature_delta" when !string.IsNullOrEmpty(d.Signature) => new BlockDelta(index, DeltaKind.Signature, d.Signature),
        // citations_delta: the canonical model has no citations; the cited text itself arrives as text_delta.
        _ => null,
    };
}
