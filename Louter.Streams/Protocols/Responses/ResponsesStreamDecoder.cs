using System.Text.Json;
using Louter.Streams.Canonical;
using Louter.Streams.Codecs;
using Louter.Streams.Errors;
using Louter.Streams.Protocols.Responses.Wire;
using Louter.Streams.Sse;

namespace Louter.Streams.Protocols.Responses;

/// <summary>
/// A Responses event stream → canonical events.
/// <code>
///   response.created                         MessageStart(id, model)
///   output_item.added function_call /        BlockStart ToolUse {call_id, name}
///     custom_tool_call
///   content_part.added, output_text.delta,   a Text block per content part; a refusal is text too
///     refusal.delta, content_part.done         (and makes the stop reason "refusal")
///   function_call_arguments.delta,           ArgumentsJson fragments (a freeform call's raw text)
///     custom_tool_call_input.delta
///   reasoning_summary_part.added,            a Thinking block per reasoning item, summary parts
///     reasoning_summary_text.delta,            separated by a blank line
///     reasoning_text.delta
///   output_item.done                         BlockStop; a reasoning item → then an Opaque block
///                                            holding the whole item (encrypted_content) to go back
///   response.completed / .incomplete         MessageDelta(stop reason, usage), MessageStop
///   response.failed / error                  StreamError
/// </code>
/// Canonical indexes count from 0 in arrival order, one block open at a time. State per stream:
/// the open block and what each output item (by output_index) has become. Items are streamed one
/// after another by OpenAI; a fragment for an item whose block has already been closed cannot be
/// placed in the canonical grammar and is dropped. A server that sends an item whole (only
/// output_item.done, or .done events without deltas) is honoured. Unknown events and fields are ignored.
/// </summary>
public sealed class ResponsesStreamDecoder : IStreamDecoder
{
    private sealed class Item(string? type)
    {
        public string? Type { get; } = type;
        public int Block { get; set; } = -1;
        public bool Streamed { get; set; }
        public int SummaryParts { get; set; }
    }

    private readonly Dictionary<int, Item> _items = [];
    private readonly Dictionary<string, int> _itemIndexes = new(StringComparer.Ordinal);
    private bool _started;
    private bool _finished;
    private int _nextIndex;
    private int _open = -1;
    private BlockKind _openKind;
    private int _openItem = -1;
    private int _openPart = -1;
    private bool _openHasText;
    private bool _calledTool;
    private bool _refused;

    public void Decode(in SseEvent upstreamEvent, List<StreamEvent> output)
    {
        if (_finished) return;

        ResponsesEvent? ev;
        try
        {
            ev = JsonSerializer.Deserialize(upstreamEvent.Data, ResponsesJsonContext.Default.ResponsesEvent);
        }
        catch (JsonException)
        {
            Fail(new GatewayError(GatewayErrorKind.BadGateway, $"The backend sent a '{upstreamEvent.Event ?? "data"}' event that is not valid JSON."), output);
            return;
        }
        if (ev is null) return;

        switch (ev.Type ?? upstreamEvent.Event)
        {
            case "response.created" or "response.in_progress":
                Start(ev.Response, output);
                break;
            case "response.output_item.added" when ev.Item is { } item:
                ItemAdded(IndexOf(ev, item.Id), item, output);
                break;
            case "response.content_part.added":
                PartAdded(IndexOf(ev), ev.ContentIndex ?? 0, ev.Part, output);
                break;
            case "response.output_text.delta":
                TextDelta(IndexOf(ev), ev.ContentIndex ?? 0, ev.Delta, output);
                break;
            case "response.refusal.delta":
                _refused = true;
                TextDelta(IndexOf(ev), ev.ContentIndex ?? 0, ev.Delta, output);
                break;
            case "response.content_part.done":
                PartDone(IndexOf(ev), ev.ContentIndex ?? 0, ev.Part, output);
                break;
            case "response.function_call_arguments.delta" or "response.custom_tool_call_input.delta":
                ArgumentsDelta(IndexOf(ev), ev.Delta, output);
                break;
            case "response.function_call_arguments.done":
                ArgumentsDone(IndexOf(ev), ev.Arguments, output);
                break;
            case "response.custom_tool_call_input.done":
                ArgumentsDone(IndexOf(ev), ev.Input, output);
                break;
            case "response.reasoning_summary_part.added":
                SummaryPartAdded(IndexOf(ev), output);
                break;
            case "response.reasoning_summary_text.delta" or "response.reasoning_text.delta":
                ThinkingDelta(IndexOf(ev), ev.Delta, output);
                break;
            case "response.output_item.done" when ev.Item is { } item:
                ItemDone(IndexOf(ev, item.Id), item, output);
                break;
            case "response.completed":
                Finish(ev.Response, "completed", output);
                break;
            case "response.incomplete":
                Finish(ev.Response, "incomplete", output);
                break;
            case "response.failed":
                var failure = ev.Response?.Error;
                Fail(ResponsesUpstreamErrors.From(failure?.Code, null, failure?.Message, null, "failed response"), output);
                break;
            case "error":
                Fail(ResponsesUpstreamErrors.From(ev.Code ?? ev.Error?.Code, ev.Error?.Type, ev.Message ?? ev.Error?.Message, ev.Param ?? ev.Error?.Param, "error event"), output);
                break;
            // response.in_progress, *.done events whose content already streamed, hosted tool
            // progress (web_search_call.*), annotations, and event types added after this was written.
        }
    }

    public void Complete(List<StreamEvent> output)
    {
        if (_finished) return;
        Fail(new GatewayError(GatewayErrorKind.BadGateway, "The backend closed the stream before it finished."), output);
    }

    private int IndexOf(ResponsesEvent ev, string? itemId = null)
    {
        var id = itemId ?? ev.ItemId;
        if (ev.OutputIndex is { } index)
        {
            if (id is not null) _itemIndexes[id] = index;
            return index;
        }
        return id is not null && _itemIndexes.TryGetValue(id, out var known) ? known : -1;
    }

    private Item ItemAt(int index, string? type = null)
    {
        if (!_items.TryGetValue(index, out var item)) _items[index] = item = new Item(type);
        return item;
    }

    private void Start(ResponseObject? response, List<StreamEvent> output)
    {
        if (_started) return;
        _started = true;
        output.Add(new MessageStart(response?.Id ?? "", response?.Model ?? ""));
    }

    private void ItemAdded(int index, ResponseItem item, List<StreamEvent> output)
    {
        Start(null, output);
        _items[index] = new Item(item.Type);
        if (item.Type is "function_call" or "custom_tool_call")
        {
            OpenTool(index, item, output);
            // OpenAI sends the arguments as deltas after an empty start; a server that sends them here is honoured.
            ArgumentsDelta(index, item.Type == "function_call" ? item.Arguments : item.Input, output);
        }
    }

    private void PartAdded(int index, int contentIndex, ContentPart? part, List<StreamEvent> output)
    {
        switch (part?.Type)
        {
            case "output_text" or "refusal":
                _refused |= part.Type == "refusal";
                OpenText(index, contentIndex, output);
                TextDelta(index, contentIndex, part.Text ?? part.Refusal, output);
                break;
            case "reasoning_text":
                ThinkingDelta(index, part.Text, output);
                break;
        }
    }

    private void TextDelta(int index, int contentIndex, string? text, List<StreamEvent> output)
    {
        if (string.IsNullOrEmpty(text)) return;
        if (!IsOpen(BlockKind.Text, index, contentIndex)) OpenText(index, contentIndex, output);
        output.Add(new BlockDelta(_open, DeltaKind.Text, text));
        _openHasText = true;
        ItemAt(index).Streamed = true;
    }

    /// <summary>The end of a content part: its block closes. A part that arrived only here (no deltas) is sent whole.</summary>
    private void PartDone(int index, int contentIndex, ContentPart? part, List<StreamEvent> output)
    {
        if (part?.Type is not ("output_text" or "refusal")) return;
        _refused |= part.Type == "refusal";
        var whole = part.Text ?? part.Refusal;
        if (IsOpen(BlockKind.Text, index, contentIndex))
        {
            if (!_openHasText) TextDelta(index, contentIndex, whole, output);
            Close(output);
        }
        else if (!string.IsNullOrEmpty(whole) && !ItemAt(index).Streamed)
        {
            TextDelta(index, contentIndex, whole, output);
            Close(output);
        }
    }

    private void ArgumentsDelta(int index, string? fragment, List<StreamEvent> output)
    {
        if (string.IsNullOrEmpty(fragment) || !IsOpen(BlockKind.ToolUse, index)) return;
        output.Add(new BlockDelta(_open, DeltaKind.ArgumentsJson, fragment));
        ItemAt(index).Streamed = true;
    }

    /// <summary>The whole arguments: sent only when no fragment came before them.</summary>
    private void ArgumentsDone(int index, string? whole, List<StreamEvent> output)
    {
        if (IsOpen(BlockKind.ToolUse, index) && !ItemAt(index).Streamed) ArgumentsDelta(index, whole, output);
    }

    private void SummaryPartAdded(int index, List<StreamEvent> output)
    {
        var item = ItemAt(index, "reasoning");
        if (item.SummaryParts++ > 0) ThinkingDelta(index, ResponsesResponseDecoder.SummarySeparator, output);
        else EnsureThinking(index, output);
    }

    private void ThinkingDelta(int index, string? text, List<StreamEvent> output)
    {
        if (string.IsNullOrEmpty(text)) return;
        EnsureThinking(index, output);
        output.Add(new BlockDelta(_open, DeltaKind.Thinking, text));
        ItemAt(index, "reasoning").Streamed = true;
    }

    private void EnsureThinking(int index, List<StreamEvent> output)
    {
        if (IsOpen(BlockKind.Thinking, index)) return;
        Open(BlockKind.Thinking, index, -1, output);
        output.Add(new BlockStart(_open, BlockKind.Thinking));
    }

    private void ItemDone(int index, ResponseItem item, List<StreamEvent> output)
    {
        Start(null, output);
        var state = ItemAt(index, item.Type);
        switch (item.Type)
        {
            case "function_call" or "custom_tool_call":
                if (state.Block < 0) OpenTool(index, item, output);
                if (!state.Streamed) ArgumentsDelta(index, item.Type == "function_call" ? item.Arguments : item.Input, output);
                CloseItem(index, output);
                break;
            case "message":
                CloseItem(index, output);
                if (state.Streamed) break;
                // Sent whole: each part is a block of its own, as it would have been streamed.
                var parts = item.Content?.Parts ?? [];
                for (var i = 0; i < parts.Count; i++)
                {
                    _refused |= parts[i]?.Type == "refusal";
                    if (parts[i]?.Type is "output_text" or "refusal") TextDelta(index, i, parts[i]!.Text ?? parts[i]!.Refusal, output);
                    Close(output);
                }
                break;
            case "reasoning":
                CloseItem(index, output);
                if (!state.Streamed && ResponsesResponseDecoder.ReasoningText(item) is { Length: > 0 } thinking)
                {
                    ThinkingDelta(index, thinking, output);
                    Close(output);
                }
                if (ResponsesResponseDecoder.ReasoningOpaque(item) is { } opaque)
                {
                    var block = _nextIndex++;
                    output.Add(new BlockStart(block, BlockKind.Opaque) { Opaque = opaque });
                    output.Add(new BlockStop(block));
                }
                break;
        }
    }

    private void Finish(ResponseObject? response, string status, List<StreamEvent> output)
    {
        response ??= new ResponseObject();
        response.Status ??= status;
        Close(output);
        Start(response, output);
        var calledTool = _calledTool || response.Output?.Any(i => i?.Type is "function_call" or "custom_tool_call") == true;
        // A server that learnt of the refusal only after streaming the text (Louter in front of Anthropic) says so in the final output.
        var refused = _refused || response.Output?.Any(i => i?.Content?.Parts?.Any(p => p?.Type == "refusal") == true) == true;
        output.Add(new MessageDelta(ResponsesCompletion.StopReasonOf(response, calledTool, refused))
        {
            RawStopReason = ResponsesCompletion.RawStopReasonOf(response),
            Usage = ResponsesCompletion.UsageOf(response.Usage),
        });
        output.Add(MessageStop.Instance);
        _finished = true;
    }

    private void Fail(GatewayError error, List<StreamEvent> output)
    {
        _finished = true;
        output.Add(new StreamError(error));
    }

    private void OpenTool(int index, ResponseItem item, List<StreamEvent> output)
    {
        _calledTool = true;
        Open(BlockKind.ToolUse, index, -1, output);
        output.Add(new BlockStart(_open, BlockKind.ToolUse) { ToolId = item.CallId ?? item.Id ?? "", ToolName = item.Name ?? "" });
    }

    private void OpenText(int index, int contentIndex, List<StreamEvent> output)
    {
        if (IsOpen(BlockKind.Text, index, contentIndex)) return;
        Open(BlockKind.Text, index, contentIndex, output);
        output.Add(new BlockStart(_open, BlockKind.Text));
    }

    private void Open(BlockKind kind, int index, int contentIndex, List<StreamEvent> output)
    {
        Close(output);
        _open = _nextIndex++;
        _openKind = kind;
        _openItem = index;
        _openPart = contentIndex;
        _openHasText = false;
        ItemAt(index).Block = _open;
    }

    private bool IsOpen(BlockKind kind, int index, int contentIndex = -1) =>
        _open >= 0 && _openKind == kind && _openItem == index && (contentIndex < 0 || _openPart == contentIndex);

    private void CloseItem(int index, List<StreamEvent> output)
    {
        if (_open >= 0 && _openItem == index) Close(output);
    }

    private void Close(List<StreamEvent> output)
    {
        if (_open < 0) return;
        output.Add(new BlockStop(_open));
        _open = -1;
        _openItem = -1;
        _openPart = -1;
    }
}
