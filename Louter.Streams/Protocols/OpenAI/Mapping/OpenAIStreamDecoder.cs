using System.Text.Json;
using Louter.Streams.Canonical;
using Louter.Streams.Codecs;
using Louter.Streams.Errors;
using Louter.Streams.Protocols.OpenAI.Wire;
using Louter.Streams.Sse;

namespace Louter.Streams.Protocols.OpenAI.Mapping;

/// <summary>
/// OpenAI chat completion chunks → canonical stream events. Per-stream state: which block is open,
/// which canonical block each tool-call index became (tool-call fragments are matched by index,
/// never by id: some servers send a new id in every chunk), the finish reason and the usage,
/// which OpenAI sends in a separate last chunk — so MessageDelta waits for [DONE].
/// </summary>
public sealed class OpenAIStreamDecoder : IStreamDecoder
{
    private enum Open { None, Text, Thinking, Tool }

    private readonly Dictionary<int, int> _toolBlocks = [];
    private bool _started;
    private Open _open;
    private int _openIndex = -1;
    private int _openToolIndex = -1;
    private int _nextIndex;
    private string? _finishReason;
    private TokenUsage? _usage;
    private bool _done;
    private bool _sawToolCall;

    /// <summary>The last chunk's wire objects, read into again (nothing of a chunk is kept past its call).</summary>
    private ChatCompletionChunk? _chunk;

    /// <summary>The bytes every chunk of this stream begins with before choices (learnt from the first).</summary>
    private readonly ChatChunkLead _lead = new();

    public void Decode(in SseEvent upstreamEvent, List<StreamEvent> output) => Decode(upstreamEvent.Event, upstreamEvent.Data, output);

    public void Decode(string? eventName, ReadOnlySpan<byte> data, List<StreamEvent> output)
    {
        if (_done) return;
        if (data.SequenceEqual(SseEvent.DoneMarker))
        {
            Finish(output);
            return;
        }

        ChatCompletionChunk? chunk;
        try
        {
            chunk = ChatChunkReader.Read(data, skipIdentity: _started, reuse: _chunk, lead: _lead);
        }
        catch (JsonException)
        {
            return; // a keep-alive or vendor event that is not a chunk: not ours to judge
        }
        if (chunk is null) return;
        if (chunk.Error is null) _chunk = chunk; // (an error chunk comes from the serializer, and ends the stream)

        if (chunk.Error is { } error)
        {
            _done = true;
            output.Add(new StreamError(new GatewayError(GatewayErrorKind.BadGateway, $"The backend reported an error mid-stream: {error.Message}")));
            return;
        }

        if (!_started)
        {
            _started = true;
            output.Add(new MessageStart(chunk.Id ?? "", chunk.Model ?? ""));
        }

        if (chunk.Usage is { } usage) _usage = OpenAIUsage.ToCanonical(usage);

        foreach (var choice in chunk.Choices ?? [])
        {
            if (choice.Index != 0) continue; // canonical answers carry one candidate
            if (choice.Delta is { } delta) DecodeDelta(delta, output);
            if (choice.FinishReason is { } finish)
            {
                _finishReason = finish;
                CloseOpen(output);
            }
        }

        // The usage chunk (stream_options.include_usage) comes after the finish, with no choices,
        // and only [DONE] follows it: the answer is whole now. Ending here rather than at [DONE]
        // spares a client whose protocol carries usage in the closing events (Anthropic's
        // message_delta) one upstream interval of waiting (10 ms gaps became one 20 ms gap).
        if (_finishReason is not null && chunk.Usage is not null && chunk.Choices is not { Count: > 0 }) Finish(output);
    }

    private void DecodeDelta(ChatDelta delta, List<StreamEvent> output)
    {
        var reasoning = delta.ReasoningContent ?? delta.Reasoning;
        if (!string.IsNullOrEmpty(reasoning))
        {
            Ensure(Open.Thinking, BlockKind.Thinking, output);
            output.Add(new BlockDelta(_openIndex, DeltaKind.Thinking, reasoning));
        }

        if (!string.IsNullOrEmpty(delta.Content))
        {
            Ensure(Open.Text, BlockKind.Text, output);
            output.Add(new BlockDelta(_openIndex, DeltaKind.Text, delta.Content));
        }

        foreach (var call in delta.ToolCalls ?? [])
        {
            var toolIndex = call.Index ?? 0;
            _sawToolCall = true;
            if (!(_open == Open.Tool && _openToolIndex == toolIndex))
            {
                if (_toolBlocks.ContainsKey(toolIndex))
                {
                    // A fragment for a call whose block is already closed: the canonical grammar
                    // allows one open block at a time, and calls are streamed one after another by
                    // every server we know. Such a fragment cannot be placed; it is dropped.
                    continue;
                }
                CloseOpen(output);
                _openIndex = _nextIndex++;
                _open = Open.Tool;
                _openToolIndex = toolIndex;
                _toolBlocks[toolIndex] = _openIndex;
                output.Add(new BlockStart(_openIndex, BlockKind.ToolUse)
                {
                    ToolId = call.Id ?? $"call_{_openIndex}",
                    ToolName = call.Function?.Name ?? "",
                });
            }
            if (!string.IsNullOrEmpty(call.Function?.Arguments))
                output.Add(new BlockDelta(_openIndex, DeltaKind.ArgumentsJson, call.Function.Arguments));
        }
    }

    private void Ensure(Open kind, BlockKind blockKind, List<StreamEvent> output)
    {
        if (_open == kind) return;
        CloseOpen(output);
        _open = kind;
        _openIndex = _nextIndex++;
        output.Add(new BlockStart(_openIndex, blockKind));
    }

    private void CloseOpen(List<StreamEvent> output)
    {
        if (_open == Open.None) return;
        output.Add(new BlockStop(_openIndex));
        _open = Open.None;
        _openToolIndex = -1;
    }

    private void Finish(List<StreamEvent> output)
    {
        _done = true;
        if (!_started) output.Add(new MessageStart("", ""));
        CloseOpen(output);
        var reason = _finishReason is null && _sawToolCall ? StopReason.ToolUse : OpenAIStopReasons.ToCanonical(_finishReason);
        output.Add(new MessageDelta(reason) { RawStopReason = _finishReason, Usage = _usage });
        output.Add(MessageStop.Instance);
    }

    public void Complete(List<StreamEvent> output)
    {
        if (_done) return;
        // Some servers end the body after the finish chunk without [DONE]: that answer is complete.
        if (_finishReason is not null)
        {
            Finish(output);
            return;
        }
        _done = true;
        output.Add(new StreamError(new GatewayError(GatewayErrorKind.BadGateway, "The backend closed the stream before it finished.")));
    }
}
