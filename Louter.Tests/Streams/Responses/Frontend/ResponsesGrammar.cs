using System.Text;
using System.Text.Json;
using Louter.Streams.Sse;
using Xunit;

namespace Louter.Tests.Streams.Responses.Frontend;

/// <summary>
/// The Responses stream grammar as a checker, so tests can say "the output is a valid Responses
/// stream" about any output:
/// <list type="bullet">
/// <item>response.created (sequence_number 0), then response.in_progress; every event's
///   sequence_number is the previous one + 1 and its SSE name equals its data's "type";</item>
/// <item>output items one at a time, output_index 0, 1, 2 …: output_item.added → the item's events →
///   output_item.done with the same item id and output_index;</item>
/// <item>content_part.added/done and reasoning_summary_part.added/done paired inside their item;
///   deltas only for the open item and part (item_id, output_index, content/summary index match);
///   output_text events carry <c>logprobs: []</c>; every .done repeats the concatenated deltas;</item>
/// <item>the last event is response.completed, response.incomplete (with incomplete_details), or
///   error followed by response.failed; the final response has the same id as response.created, its
///   output equals the items of the output_item.done events, and it carries usage.</item>
/// </list>
/// </summary>
internal static class ResponsesGrammar
{
    private static readonly string[] ItemTypes = ["message", "reasoning", "function_call", "custom_tool_call"];

    public static void AssertValid(IReadOnlyList<SseEvent> events)
    {
        Assert.True(events.Count >= 3, $"a Responses stream has at least created, in_progress and an end; got {events.Count} events");
        var state = new State();
        for (var i = 0; i < events.Count; i++)
        {
            var ev = events[i];
            var where = $"event {i} ({ev.Event}): {Encoding.UTF8.GetString(ev.Data)}";
            using var doc = JsonDocument.Parse(ev.Data);
            var data = doc.RootElement;
            Assert.True(ev.Event == data.GetProperty("type").GetString(), $"name and type differ at {where}");
            Assert.True(data.GetProperty("sequence_number").GetInt64() == i, $"sequence_number must be {i} at {where}");
            Assert.True(state.Ended is null || (state.Ended == "error" && ev.Event == "response.failed"), $"events after the end ({state.Ended}): {where}");
            if (i == 0) Assert.True(ev.Event == "response.created", $"the stream must open with response.created, not {where}");
            if (i == 1) Assert.True(ev.Event == "response.in_progress", $"response.in_progress must follow response.created, not {where}");
            state.Check(ev.Event!, data, where, last: i == events.Count - 1);
        }

        var end = events[^1].Event;
        Assert.True(end is "response.completed" or "response.incomplete" or "response.failed", $"the stream must end with completed, incomplete or failed, not {end}");
        if (end == "response.failed") Assert.True(events.Count >= 2 && events[^2].Event == "error", "response.failed must follow an error event");
    }

    /// <summary>The text of every output_text.delta, in order.</summary>
    public static string Text(IEnumerable<SseEvent> events) => string.Concat(events
        .Where(e => e.Event == "response.output_text.delta")
        .Select(e => JsonDocument.Parse(e.Data).RootElement.GetProperty("delta").GetString()));

    /// <summary>The response object of the last event (completed, incomplete or failed).</summary>
    public static JsonElement Final(IReadOnlyList<SseEvent> events) =>
        JsonDocument.Parse(events[^1].Data).RootElement.GetProperty("response");

    private sealed class State
    {
        public string? Ended;
        private string? _responseId;
        private int _nextIndex;
        private string? _itemId;
        private string? _itemType;
        private int _itemIndex = -1;
        private int? _part;        // open content part (message) or summary part (reasoning)
        private int _parts;        // parts of the open item so far
        private readonly StringBuilder _accumulated = new();
        private string? _doneValue; // what the item's .done event said (text, arguments, input)
        private readonly List<string> _partTexts = [];
        private readonly List<string> _doneItems = [];

        public void Check(string name, JsonElement data, string where, bool last)
        {
            switch (name)
            {
                case "response.created" or "response.in_progress":
                    var shell = data.GetProperty("response");
                    Assert.True(shell.GetProperty("status").GetString() == "in_progress", $"status must be in_progress at {where}");
                    Assert.True(shell.GetProperty("output").GetArrayLength() == 0, $"output must be empty at {where}");
                    Assert.Equal("response", shell.GetProperty("object").GetString());
                    SameResponse(shell, where);
                    break;

                case "response.output_item.added":
                    Assert.True(_itemId is null, $"item {_itemId} is still open at {where}");
                    Assert.True(data.GetProperty("output_index").GetInt32() == _nextIndex, $"expected output_index {_nextIndex} at {where}");
                    var item = data.GetProperty("item");
                    _itemId = item.GetProperty("id").GetString();
                    _itemType = item.GetProperty("type").GetString();
                    Assert.False(string.IsNullOrEmpty(_itemId), $"item without id at {where}");
                    Assert.Contains(_itemType, ItemTypes);
                    if (_itemType != "reasoning") Assert.True(item.GetProperty("status").GetString() == "in_progress", $"an added item is in_progress: {where}");
                    if (_itemType == "message") Assert.True(item.GetProperty("content").GetArrayLength() == 0, $"an added message has no content yet: {where}");
                    if (_itemType is "function_call" or "custom_tool_call")
                    {
                        Assert.False(string.IsNullOrEmpty(item.GetProperty("call_id").GetString()), $"a call without call_id: {where}");
                        Assert.True(item.TryGetProperty("name", out _), $"a call without name: {where}");
                    }
                    _itemIndex = _nextIndex++;
                    _parts = 0;
                    _part = null;
                    _accumulated.Clear();
                    _partTexts.Clear();
                    _doneValue = null;
                    break;

                case "response.content_part.added" or "response.reasoning_summary_part.added":
                    InItem(data, where, name.StartsWith("response.content", StringComparison.Ordinal) ? "message" : "reasoning");
                    Assert.True(_part is null, $"a part is still open at {where}");
                    Assert.True(PartIndex(name, data) == _parts, $"expected part index {_parts} at {where}");
                    Assert.Equal("", data.GetProperty("part").GetProperty("text").GetString());
                    Assert.Equal(_itemType == "message" ? "output_text" : "summary_text", data.GetProperty("part").GetProperty("type").GetString());
                    _part = _parts++;
                    _accumulated.Clear();
                    break;

                case "response.output_text.delta" or "response.reasoning_summary_text.delta":
                    InPart(name, data, where);
                    if (name == "response.output_text.delta") Logprobs(data, where);
                    _accumulated.Append(data.GetProperty("delta").GetString());
                    break;

                case "response.output_text.done" or "response.reasoning_summary_text.done":
                    InPart(name, data, where);
                    if (name == "response.output_text.done") Logprobs(data, where);
                    Assert.True(data.GetProperty("text").GetString() == _accumulated.ToString(), $"done text differs from the deltas ({_accumulated}) at {where}");
                    _doneValue = _accumulated.ToString();
                    break;

                case "response.content_part.done" or "response.reasoning_summary_part.done":
                    InPart(name, data, where);
                    Assert.True(_doneValue == _accumulated.ToString(), $"part closed before its text.done: {where}");
                    Assert.True(data.GetProperty("part").GetProperty("text").GetString() == _accumulated.ToString(), $"part text differs from the deltas at {where}");
                    _partTexts.Add(_accumulated.ToString());
                    _part = null;
                    _doneValue = null;
                    break;

                case "response.function_call_arguments.delta" or "response.custom_tool_call_input.delta":
                    InItem(data, where, name.Contains("function", StringComparison.Ordinal) ? "function_call" : "custom_tool_call");
                    Assert.True(_doneValue is null, $"delta after done: {where}");
                    _accumulated.Append(data.GetProperty("delta").GetString());
                    break;

                case "response.function_call_arguments.done" or "response.custom_tool_call_input.done":
                    var function = name.Contains("function", StringComparison.Ordinal);
                    InItem(data, where, function ? "function_call" : "custom_tool_call");
                    _doneValue = data.GetProperty(function ? "arguments" : "input").GetString();
                    Assert.True(_doneValue == _accumulated.ToString(), $"done value differs from the concatenated deltas ({_accumulated}) at {where}");
                    break;

                case "response.output_item.done":
                    Assert.True(_itemId is not null, $"no item is open at {where}");
                    Assert.True(_part is null, $"a part is still open at {where}");
                    Assert.True(data.GetProperty("output_index").GetInt32() == _itemIndex, $"output_index differs from the added item's at {where}");
                    var done = data.GetProperty("item");
                    Assert.True(done.GetProperty("id").GetString() == _itemId, $"item id differs from the added item's at {where}");
                    Assert.True(done.GetProperty("type").GetString() == _itemType, $"item type differs at {where}");
                    CheckDoneItem(done, where);
                    _doneItems.Add(done.GetRawText());
                    _itemId = null;
                    break;

                case "response.completed" or "response.incomplete":
                    Assert.True(last, $"events after {name}: {where}");
                    Assert.True(_itemId is null, $"item {_itemId} still open at {where}");
                    var final = data.GetProperty("response");
                    SameResponse(final, where);
                    var completed = name == "response.completed";
                    Assert.True(final.GetProperty("status").GetString() == (completed ? "completed" : "incomplete"), $"status at {where}");
                    if (!completed) Assert.False(string.IsNullOrEmpty(final.GetProperty("incomplete_details").GetProperty("reason").GetString()), $"incomplete_details.reason at {where}");
                    var usage = final.GetProperty("usage");
                    Assert.True(usage.GetProperty("total_tokens").GetInt64() == usage.GetProperty("input_tokens").GetInt64() + usage.GetProperty("output_tokens").GetInt64(), $"usage totals at {where}");
                    // A refusal Louter learns only at the end (the upstream's stop reason) turns the streamed
                    // output_text parts into refusal parts in the final object: same items, same text.
                    Assert.Equal(
                        _doneItems.Select(Comparable),
                        final.GetProperty("output").EnumerateArray().Select(o => Comparable(o.GetRawText())));
                    Ended = name;
                    break;

                case "error":
                    Assert.False(string.IsNullOrEmpty(data.GetProperty("message").GetString()), $"error without message: {where}");
                    Assert.True(data.TryGetProperty("code", out _), $"error without code: {where}");
                    Assert.False(last, "an error event must be followed by response.failed");
                    Ended = "error";
                    break;

                case "response.failed":
                    Assert.True(Ended == "error" && last, $"response.failed must come last, right after error: {where}");
                    var failed = data.GetProperty("response");
                    SameResponse(failed, where);
                    Assert.Equal("failed", failed.GetProperty("status").GetString());
                    Assert.False(string.IsNullOrEmpty(failed.GetProperty("error").GetProperty("message").GetString()), $"failed without error.message: {where}");
                    // The items that were finished are in the output as they were sent; an item cut off may follow.
                    var output = failed.GetProperty("output").EnumerateArray().Select(o => o.GetRawText()).ToList();
                    Assert.True(output.Count >= _doneItems.Count, $"failed output lost finished items: {where}");
                    Assert.Equal(_doneItems, output.Take(_doneItems.Count));
                    Ended = name;
                    break;

                default:
                    Assert.Fail($"unknown event {where}");
                    break;
            }
        }

        private void CheckDoneItem(JsonElement done, string where)
        {
            if (_itemType != "reasoning") Assert.True(done.GetProperty("status").GetString() == "completed", $"a done item is completed: {where}");
            switch (_itemType)
            {
                case "message":
                    Assert.Equal(_partTexts, done.GetProperty("content").EnumerateArray().Select(p => p.GetProperty("text").GetString()!));
                    Assert.Equal("assistant", done.GetProperty("role").GetString());
                    break;
                case "reasoning":
                    Assert.Equal(_partTexts.Where(t => t.Length > 0), done.GetProperty("summary").EnumerateArray().Select(p => p.GetProperty("text").GetString()!));
                    break;
                case "function_call":
                    Assert.True(_doneValue is not null && done.GetProperty("arguments").GetString() == _doneValue, $"function_call without arguments.done, or with other arguments: {where}");
                    break;
                case "custom_tool_call":
                    Assert.True(_doneValue is not null && done.GetProperty("input").GetString() == _doneValue, $"custom_tool_call without input.done, or with another input: {where}");
                    break;
            }
        }

        private void SameResponse(JsonElement response, string where)
        {
            var id = response.GetProperty("id").GetString();
            Assert.StartsWith("resp_", id, StringComparison.Ordinal);
            _responseId ??= id;
            Assert.True(id == _responseId, $"response id changed at {where}");
        }

        private void InItem(JsonElement data, string where, string type)
        {
            Assert.True(_itemId is not null && _itemType == type, $"{type} event without an open {type} item (open: {_itemType}) at {where}");
            Assert.True(data.GetProperty("item_id").GetString() == _itemId, $"item_id is not the open item's at {where}");
            Assert.True(data.GetProperty("output_index").GetInt32() == _itemIndex, $"output_index is not the open item's at {where}");
        }

        private void InPart(string name, JsonElement data, string where)
        {
            InItem(data, where, name.Contains("reasoning", StringComparison.Ordinal) ? "reasoning" : "message");
            Assert.True(_part is { } part && PartIndex(name, data) == part, $"no open part with this index at {where}");
        }

        private static int PartIndex(string name, JsonElement data) =>
            data.GetProperty(name.Contains("reasoning", StringComparison.Ordinal) ? "summary_index" : "content_index").GetInt32();

        private static void Logprobs(JsonElement data, string where) =>
            Assert.True(data.GetProperty("logprobs") is { ValueKind: JsonValueKind.Array } l && l.GetArrayLength() == 0, $"logprobs must be [] at {where}");
    }

    /// <summary>An output item as the grammar compares it: a message by id and the text of its parts (output_text or refusal), anything else as is.</summary>
    private static string Comparable(string raw)
    {
        using var doc = JsonDocument.Parse(raw);
        var item = doc.RootElement;
        if (!item.TryGetProperty("type", out var type) || type.GetString() != "message") return raw;
        var texts = item.GetProperty("content").EnumerateArray()
            .Select(p => p.TryGetProperty("text", out var t) ? t.GetString() : p.TryGetProperty("refusal", out var r) ? r.GetString() : p.GetRawText());
        return item.GetProperty("id").GetString() + ":" + string.Join("|", texts);
    }
}
