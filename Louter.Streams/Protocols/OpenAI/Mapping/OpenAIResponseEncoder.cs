using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Louter.Streams.Canonical;
using Louter.Streams.Codecs;
using Louter.Streams.Errors;
using Louter.Streams.Pipeline;
using Louter.Streams.Sse;

namespace Louter.Streams.Protocols.OpenAI.Mapping;

/// <summary>
/// Canonical answers → OpenAI Chat Completions wire format, for OpenAI clients of a backend of
/// another protocol. Streams follow OpenAI's shape exactly: a first chunk with the role and empty
/// content, content / reasoning_content / tool_calls deltas (tool calls numbered by index), a
/// finish chunk with an empty delta, a usage chunk with <c>choices: []</c> only if the client asked,
/// then <c>data: [DONE]</c>. Reasoning goes out as <c>reasoning_content</c>, the de-facto field.
/// </summary>
public sealed class OpenAIResponseEncoder(Exchange exchange) : IResponseEncoder
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Dictionary<int, int> _toolIndexes = [];
    private readonly ArrayBufferWriter<byte> _json = new(512);
    private string _id = "";
    private string _model = "";
    private bool _started;
    private TokenUsage? _usage;

    public string ContentType => exchange.Request?.Stream == true ? "text/event-stream; charset=utf-8" : "application/json";

    private long Created => exchange.ReceivedAt.ToUnixTimeSeconds();

    private string Model(string fromBackend) => fromBackend.Length > 0 ? fromBackend : exchange.Request?.Model ?? "";

    private static string Id(string fromBackend, Exchange exchange) =>
        fromBackend.StartsWith("chatcmpl-", StringComparison.Ordinal) ? fromBackend : "chatcmpl-" + (fromBackend.Length > 0 ? fromBackend : exchange.RequestId);

    public byte[] EncodeResponse(ChatResponse response)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using var w = new Utf8JsonWriter(buffer, Options);
        w.WriteStartObject();
        w.WriteString("id", Id(response.Id, exchange));
        w.WriteString("object", "chat.completion");
        w.WriteNumber("created", Created);
        w.WriteString("model", Model(response.Model));
        w.WriteStartArray("choices");
        w.WriteStartObject();
        w.WriteNumber("index", 0);
        w.WriteStartObject("message");
        w.WriteString("role", "assistant");
        var text = string.Concat(response.Content.OfType<TextBlock>().Select(t => t.Text));
        var calls = response.Content.OfType<ToolUseBlock>().ToList();
        if (text.Length > 0 || calls.Count == 0) w.WriteString("content", text);
        else w.WriteNull("content");
        var reasoning = string.Concat(response.Content.OfType<ThinkingBlock>().Select(t => t.Text));
        if (reasoning.Length > 0) w.WriteString("reasoning_content", reasoning);
        if (calls.Count > 0)
        {
            OpenAIToolCallsJson.Write(w, calls);
        }
        w.WriteNull("refusal");
        w.WriteEndObject();
        w.WriteNull("logprobs");
        w.WriteString("finish_reason", OpenAIStopReasons.FromCanonical(response.StopReason));
        w.WriteEndObject();
        w.WriteEndArray();
        if (response.Usage is { } usage) WriteUsage(w, usage);
        w.WriteEndObject();
        w.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    public void Encode(StreamEvent streamEvent, IBufferWriter<byte> output)
    {
        switch (streamEvent)
        {
            case MessageStart start:
                _id = Id(start.Id, exchange);
                _model = Model(start.Model);
                _usage = start.Usage ?? _usage;
                EnsureStarted(output);
                break;
            case BlockStart { Kind: BlockKind.ToolUse } tool:
                EnsureStarted(output);
                var toolIndex = _toolIndexes.Count;
                _toolIndexes[tool.Index] = toolIndex;
                Chunk(output, w =>
                {
                    w.WriteStartArray("tool_calls");
                    w.WriteStartObject();
                    w.WriteNumber("index", toolIndex);
                    w.WriteString("id", tool.ToolId);
                    w.WriteString("type", "function");
                    w.WriteStartObject("function");
                    w.WriteString("name", tool.ToolName);
                    w.WriteString("arguments", "");
                    w.WriteEndObject();
                    w.WriteEndObject();
                    w.WriteEndArray();
                });
                break;
            case BlockDelta { Kind: DeltaKind.Text } text:
                EnsureStarted(output);
                Chunk(output, w => w.WriteString("content", text.Text));
                break;
            case BlockDelta { Kind: DeltaKind.Thinking } thinking:
                EnsureStarted(output);
                Chunk(output, w => w.WriteString("reasoning_content", thinking.Text));
                break;
            case BlockDelta { Kind: DeltaKind.ArgumentsJson } args when _toolIndexes.TryGetValue(args.Index, out var index):
                Chunk(output, w =>
                {
                    w.WriteStartArray("tool_calls");
                    w.WriteStartObject();
                    w.WriteNumber("index", index);
                    w.WriteStartObject("function");
                    w.WriteString("arguments", args.Text);
                    w.WriteEndObject();
                    w.WriteEndObject();
                    w.WriteEndArray();
                });
                break;
            case MessageDelta delta:
                EnsureStarted(output);
                _usage = delta.Usage ?? _usage;
                Chunk(output, _ => { }, OpenAIStopReasons.FromCanonical(delta.StopReason));
                if (exchange.Request?.ClientWantsStreamUsage == true && _usage is { } usage) UsageChunk(output, usage);
                break;
            default:
                // BlockStart for text/thinking, BlockStop, signatures, opaque blocks and MessageStop have no OpenAI chunk.
                break;
        }
    }

    public void Complete(IBufferWriter<byte> output) => output.Write("data: [DONE]\n\n"u8);

    public void Fail(GatewayError error, IBufferWriter<byte> output) => output.Write(OpenAIErrors.RenderStreamEvent(error));

    private void EnsureStarted(IBufferWriter<byte> output)
    {
        if (_started) return;
        _started = true;
        if (_id.Length == 0) _id = Id("", exchange);
        if (_model.Length == 0) _model = Model("");
        Chunk(output, w =>
        {
            w.WriteString("role", "assistant");
            w.WriteString("content", "");
        });
    }

    private void Chunk(IBufferWriter<byte> output, Action<Utf8JsonWriter> delta, string? finishReason = null) =>
        Event(output, w =>
        {
            w.WriteStartArray("choices");
            w.WriteStartObject();
            w.WriteNumber("index", 0);
            w.WriteStartObject("delta");
            delta(w);
            w.WriteEndObject();
            w.WriteNull("logprobs");
            if (finishReason is null) w.WriteNull("finish_reason");
            else w.WriteString("finish_reason", finishReason);
            w.WriteEndObject();
            w.WriteEndArray();
        });

    /// <summary>The usage-only chunk OpenAI sends last when asked: <c>choices: []</c> and the totals.</summary>
    private void UsageChunk(IBufferWriter<byte> output, TokenUsage usage) =>
        Event(output, w =>
        {
            w.WriteStartArray("choices");
            w.WriteEndArray();
            WriteUsage(w, usage);
        });

    /// <summary>One chunk event: the fields every chunk carries, then <paramref name="body"/>.</summary>
    private void Event(IBufferWriter<byte> output, Action<Utf8JsonWriter> body)
    {
        _json.ResetWrittenCount();
        using (var w = new Utf8JsonWriter(_json, Options))
        {
            w.WriteStartObject();
            w.WriteString("id", _id);
            w.WriteString("object", "chat.completion.chunk");
            w.WriteNumber("created", Created);
            w.WriteString("model", _model);
            body(w);
            w.WriteEndObject();
        }
        output.Write(SseFrame.Data(_json.WrittenSpan));
    }

    private static void WriteUsage(Utf8JsonWriter w, TokenUsage usage)
    {
        w.WriteStartObject("usage");
        w.WriteNumber("prompt_tokens", usage.Input);
        w.WriteNumber("completion_tokens", usage.Output);
        w.WriteNumber("total_tokens", usage.Total);
        w.WriteStartObject("prompt_tokens_details");
        w.WriteNumber("cached_tokens", usage.CacheRead);
        w.WriteEndObject();
        w.WriteStartObject("completion_tokens_details");
        w.WriteNumber("reasoning_tokens", usage.Reasoning);
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
