using System.Text.Json;
using Louter.Streams.Canonical;
using Louter.Streams.Codecs;
using Louter.Streams.Errors;
using Louter.Streams.Protocols.Gemini.Wire;
using Louter.Streams.Sse;

namespace Louter.Streams.Protocols.Gemini;

/// <summary>
/// A Gemini stream (SSE events, or the elements of a JSON-array stream) → canonical events. Each
/// chunk is a whole GenerateContentResponse; the decoder turns its parts into blocks — consecutive
/// text parts extend one text block, consecutive thought parts one thinking block, and each
/// functionCall (always whole) is a block of its own — and remembers finishReason and usage
/// (running totals) for the end. Gemini has no terminal event: a stream that ends without a
/// finishReason (or a blocked prompt) was cut off. Only candidate 0 is read.
/// </summary>
public sealed class GeminiStreamDecoder : IStreamDecoder
{
    private readonly IReadOnlySet<string> _freeformTools;
    private bool _started;
    private bool _failed;
    private string _responseId = "";
    private int _nextIndex;
    private int _openIndex = -1;
    private BlockKind _openKind;
    private int _calls;
    private string? _finishReason;
    private bool _promptBlocked;
    private TokenUsage? _usage;

    /// <param name="freeformTools">Tools declared freeform: their calls' arguments are the raw "input" string, not JSON.</param>
    public GeminiStreamDecoder(IReadOnlySet<string>? freeformTools = null)
    {
        _freeformTools = freeformTools ?? EmptySet;
    }

    private static readonly IReadOnlySet<string> EmptySet = new HashSet<string>();

    public void Decode(in SseEvent upstreamEvent, List<StreamEvent> output)
    {
        if (_failed) return;

        GenerateContentResponse? chunk;
        try
        {
            chunk = JsonSerializer.Deserialize(upstreamEvent.Data, GeminiJson.Reader.GenerateContentResponse);
        }
        catch (JsonException)
        {
            Fail(new GatewayError(GatewayErrorKind.BadGateway, "The Gemini backend sent a stream chunk that is not valid JSON."), output);
            return;
        }
        if (chunk is null) return;
        Decode(chunk, output);
    }

    /// <summary>One parsed chunk.</summary>
    public void Decode(GenerateContentResponse chunk, List<StreamEvent> output)
    {
        if (_failed) return;
        if (chunk.Error is { } error)
        {
            Fail(GeminiErrors.FromUpstream(error), output);
            return;
        }

        if (!_started)
        {
            _started = true;
            _responseId = string.IsNullOrEmpty(chunk.ResponseId) ? GeneratedId() : chunk.ResponseId;
            output.Add(new MessageStart(_responseId, chunk.ModelVersion ?? ""));
        }
        if (chunk.UsageMetadata is { } usage) _usage = GeminiUsage.ToCanonical(usage);
        if (chunk.PromptFeedback?.BlockReason is { } blocked)
        {
            // A blocked prompt is a complete answer with no candidates and no finishReason.
            _finishReason ??= blocked;
            _promptBlocked = true;
        }

        var candidate = chunk.Candidates?.FirstOrDefault(c => c is { Index: null or 0 });
        foreach (var part in candidate?.Content?.Parts ?? [])
        {
            if (part is not null) DecodePart(part, output);
        }
        if (candidate?.FinishReason is { Length: > 0 } reason)
        {
            _finishReason = reason;
            CloseOpen(output);
        }
    }

    public void Complete(List<StreamEvent> output)
    {
        if (_failed) return;
        CloseOpen(output);
        if (_finishReason is null)
        {
            Fail(new GatewayError(GatewayErrorKind.BadGateway, "The Gemini backend closed the stream before it finished."), output);
            return;
        }
        output.Add(new MessageDelta(_promptBlocked ? StopReason.ContentFilter : GeminiFinishReasons.ToCanonical(_finishReason, _calls > 0))
        {
            RawStopReason = _finishReason,
            Usage = _usage,
        });
        output.Add(MessageStop.Instance);
    }

    private void DecodePart(Part part, List<StreamEvent> output)
    {
        if (part.FunctionCall is { } call)
        {
            CloseOpen(output);
            var index = _nextIndex++;
            var name = call.Name ?? "";
            var id = string.IsNullOrEmpty(call.Id) ? GeminiToolIds.ForResponse(_responseId, _calls) : call.Id;
            _calls++;
            output.Add(new BlockStart(index, BlockKind.ToolUse) { ToolId = id, ToolName = name, ThoughtSignature = part.ThoughtSignature });
            var arguments = _freeformTools.Contains(name) ? GeminiArgs.FreeformInput(call.Args) : GeminiParts.ArgumentsJson(call.Args);
            output.Add(new BlockDelta(index, DeltaKind.ArgumentsJson, arguments));
            output.Add(new BlockStop(index));
            return;
        }

        if (part.Thought == true)
        {
            var index = Open(BlockKind.Thinking, output);
            if (part.Text is { Length: > 0 } thought) output.Add(new BlockDelta(index, DeltaKind.Thinking, thought));
            if (part.ThoughtSignature is { } signature) output.Add(new BlockDelta(index, DeltaKind.Signature, signature));
            return;
        }

        if (part.Text is { Length: > 0 } text)
        {
            var index = Open(BlockKind.Text, output);
            output.Add(new BlockDelta(index, DeltaKind.Text, text));
        }
        else if (part.ExecutableCode is { } code)
        {
            Opaque(new OpaqueBlock(GeminiParts.Provider, GeminiParts.ExecutableCodeKind, code), output);
        }
        else if (part.CodeExecutionResult is { } result)
        {
            Opaque(new OpaqueBlock(GeminiParts.Provider, GeminiParts.CodeExecutionResultKind, result), output);
        }
        // Generated media (inlineData in an answer) has no canonical stream event yet: not relayed.

        // A signature on a non-thought part belongs after the content it came with.
        if (part.ThoughtSignature is { } textSignature) Opaque(GeminiParts.SignatureBlock(textSignature), output);
    }

    private int Open(BlockKind kind, List<StreamEvent> output)
    {
        if (_openIndex >= 0 && _openKind == kind) return _openIndex;
        CloseOpen(output);
        _openIndex = _nextIndex++;
        _openKind = kind;
        output.Add(new BlockStart(_openIndex, kind));
        return _openIndex;
    }

    private void Opaque(OpaqueBlock block, List<StreamEvent> output)
    {
        CloseOpen(output);
        var index = _nextIndex++;
        output.Add(new BlockStart(index, BlockKind.Opaque) { Opaque = block });
        output.Add(new BlockStop(index));
    }

    private void CloseOpen(List<StreamEvent> output)
    {
        if (_openIndex < 0) return;
        output.Add(new BlockStop(_openIndex));
        _openIndex = -1;
    }

    private void Fail(GatewayError error, List<StreamEvent> output)
    {
        _failed = true;
        output.Add(new StreamError(error));
    }

    /// <summary>Gemini always sends a responseId; this only covers servers that imitate it partially.</summary>
    private static string GeneratedId() => "gemini-" + Guid.NewGuid().ToString("N");
}
