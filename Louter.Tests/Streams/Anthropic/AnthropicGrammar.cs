using System.Text;
using System.Text.Json;
using Louter.Streams.Sse;
using Xunit;

namespace Louter.Tests.Streams.Anthropic;

/// <summary>
/// Anthropic's stream grammar as a checker, so tests can say "the output is a valid Anthropic
/// stream" about any output: message_start first; per block content_block_start → matching deltas →
/// content_block_stop, indexes 0, 1, 2 … in order, one block open at a time; message_delta (with a
/// stop reason and output tokens) after the last block; message_stop last; ping anywhere; an error
/// event ends the stream. Every event's SSE name equals its data's "type".
/// </summary>
internal static class AnthropicGrammar
{
    public static void AssertValid(IReadOnlyList<SseEvent> events)
    {
        Assert.NotEmpty(events);
        int? open = null;
        string? openType = null;
        var next = 0;
        var sawMessageDelta = false;

        for (var i = 0; i < events.Count; i++)
        {
            var ev = events[i];
            var where = $"event {i} ({ev.Event}): {Encoding.UTF8.GetString(ev.Data)}";
            using var doc = JsonDocument.Parse(ev.Data);
            var data = doc.RootElement;
            Assert.True(ev.Event == data.GetProperty("type").GetString(), $"name and type differ at {where}");
            var last = i == events.Count - 1;
            if (i == 0 && ev.Event != "error") Assert.True(ev.Event == "message_start", $"the stream must open with message_start, not {where}");

            switch (ev.Event)
            {
                case "message_start":
                    Assert.True(i == 0, $"message_start only first: {where}");
                    Assert.Equal(JsonValueKind.Array, data.GetProperty("message").GetProperty("content").ValueKind);
                    Assert.Equal(0, data.GetProperty("message").GetProperty("content").GetArrayLength());
                    Assert.True(data.GetProperty("message").GetProperty("usage").TryGetProperty("input_tokens", out _), $"usage: {where}");
                    break;
                case "content_block_start":
                    Assert.True(open is null, $"a block is still open at {where}");
                    Assert.False(sawMessageDelta, $"block after message_delta: {where}");
                    Assert.True(data.GetProperty("index").GetInt32() == next, $"expected index {next} at {where}");
                    open = next++;
                    var block = data.GetProperty("content_block");
                    openType = block.GetProperty("type").GetString();
                    if (openType == "tool_use")
                    {
                        Assert.Equal("{}", block.GetProperty("input").GetRawText());
                        Assert.True(block.TryGetProperty("id", out _) && block.TryGetProperty("name", out _), $"tool_use without id/name: {where}");
                    }
                    if (openType == "thinking") Assert.Equal("", block.GetProperty("thinking").GetString());
                    if (openType == "text") Assert.Equal("", block.GetProperty("text").GetString());
                    break;
                case "content_block_delta":
                    Assert.True(open is not null && data.GetProperty("index").GetInt32() == open, $"delta for a block that is not open: {where}");
                    var deltaType = data.GetProperty("delta").GetProperty("type").GetString();
                    var fits = (openType, deltaType) switch
                    {
                        ("text", "text_delta" or "citations_delta") => true,
                        ("tool_use", "input_json_delta") => true,
                        ("thinking", "thinking_delta" or "signature_delta") => true,
                        _ => false,
                    };
                    Assert.True(fits, $"{deltaType} in a {openType} block: {where}");
                    break;
                case "content_block_stop":
                    Assert.True(open is not null && data.GetProperty("index").GetInt32() == open, $"stop for a block that is not open: {where}");
                    open = null;
                    break;
                case "message_delta":
                    Assert.True(open is null, $"message_delta while a block is open: {where}");
                    Assert.Equal(JsonValueKind.String, data.GetProperty("delta").GetProperty("stop_reason").ValueKind);
                    Assert.True(data.GetProperty("delta").TryGetProperty("stop_sequence", out _), $"stop_sequence missing: {where}");
                    Assert.True(data.GetProperty("usage").TryGetProperty("output_tokens", out _), $"output_tokens missing: {where}");
                    sawMessageDelta = true;
                    break;
                case "message_stop":
                    Assert.True(open is null && sawMessageDelta, $"message_stop before the blocks closed or without message_delta: {where}");
                    Assert.True(last, $"events after message_stop: {where}");
                    break;
                case "error":
                    Assert.True(last, $"events after error: {where}");
                    Assert.Equal("error", data.GetProperty("type").GetString());
                    Assert.True(data.GetProperty("error").TryGetProperty("message", out _));
                    break;
                case "ping":
                    break;
                default:
                    Assert.Fail($"unknown event {where}");
                    break;
            }
        }

        var end = events[^1].Event;
        Assert.True(end is "message_stop" or "error", $"the stream must end with message_stop or error, not {end}");
    }

    /// <summary>The text of every text_delta, in order.</summary>
    public static string Text(IEnumerable<SseEvent> events) => string.Concat(events
        .Where(e => e.Event == "content_block_delta")
        .Select(e => JsonDocument.Parse(e.Data).RootElement.GetProperty("delta"))
        .Where(d => d.GetProperty("type").GetString() == "text_delta")
        .Select(d => d.GetProperty("text").GetString()));
}
