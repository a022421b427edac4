using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Louter.Streams.Canonical;
using Louter.Streams.Codecs;
using Louter.Streams.Errors;
using Louter.Streams.Pipeline;
using Louter.Streams.Protocols.Anthropic;
using Louter.Streams.Protocols.OpenAI;
using Louter.Streams.Protocols.Responses.Wire;

namespace Louter.Streams.Protocols.Responses;

/// <summary>
/// Writes canonical answers as Responses: one response object, or the typed event stream:
/// <code>
///   response.created, response.in_progress
///   per output item: response.output_item.added →
///     message:   content_part.added → output_text.delta* → output_text.done → content_part.done
///     reasoning: reasoning_summary_part.added → reasoning_summary_text.delta* → .done → reasoning_summary_part.done
///     function_call: function_call_arguments.delta* → .done
///     custom_tool_call: custom_tool_call_input.delta → .done
///   → response.output_item.done
///   response.completed | response.incomplete (the full output and usage) — or error + response.failed
/// </code>
/// Every event has the next sequence_number; item ids and output indexes agree between the events
/// and the final object. Tool calls of the client's <c>custom</c> tools come back as custom_tool_call
/// items with their raw input. Another provider's reasoning signature travels as the reasoning
/// item's encrypted_content (already marked with its origin), so it goes back to that provider.
/// </summary>
public sealed class ResponsesResponseEncoder : IResponseEncoder
{
    private readonly ResponsesDecoded? _request;
    private readonly IResponseStore? _store;
    private readonly bool _stream;
    private readonly string _id = ResponsesIds.New("resp");
    private readonly DateTimeOffset _createdAt;
    private readonly string _model;
    private readonly List<ResponseItem?> _output = [];
    private Utf8JsonWriter? _json;

    private long _sequence;
    private bool _started;
    private bool _finished;
    private MessageDelta? _pending;
    private TokenUsage? _startUsage;
    private Open? _open;
    private HashSet<int>? _dropped;

    /// <summary>The item being streamed: the canonical block index, its kind, its item and accumulated text.</summary>
    private sealed class Open(int canonical, BlockKind kind, ResponseItem item, int outputIndex)
    {
        public int Canonical { get; } = canonical;
        public BlockKind Kind { get; } = kind;
        public ResponseItem Item { get; } = item;
        public int OutputIndex { get; } = outputIndex;
        public StringBuilder Text { get; } = new();
        public StringBuilder? Signature { get; set; }
    }

    public ResponsesResponseEncoder(Exchange exchange)
    {
        _request = exchange.Request as ResponsesDecoded;
        _store = exchange.Hints.Responses?.Store;
        _stream = exchange.Request?.Stream == true;
        _createdAt = exchange.ReceivedAt;
        _model = exchange.Request?.Model ?? "";
    }

    public string ContentType => _stream ? "text/event-stream; charset=utf-8" : "application/json";

    /// <summary>The response id the client sees.</summary>
    public string Id => _id;

    // ── whole answers ──

    public byte[] EncodeResponse(ChatResponse response)
    {
        var items = new List<ResponseItem>();
        List<ContentPart>? text = null;
        var refusal = response.StopReason == StopReason.Refusal;
        foreach (var block in response.Content)
        {
            if (block is TextBlock t)
            {
                if (text is null)
                {
                    text = [];
                    items.Add(new ResponseItem { Type = "message", Id = ResponsesIds.New("msg"), Status = "completed", Role = "assistant", Content = new ResponsesContent { Parts = [] } });
                }
                items[^1].Content!.Parts!.Add(refusal ? new ContentPart { Type = "refusal", Refusal = t.Text } : ContentPart.OutputText(t.Text));
                continue;
            }
            text = null;
            switch (block)
            {
                case ThinkingBlock thinking:
                    items.Add(Reasoning(ResponsesIds.New("rs"), thinking.Text, thinking.Signature));
                    break;
                case ToolUseBlock call:
                    var item = NewCall(string.IsNullOrEmpty(call.Id) ? ResponsesIds.New("call") : call.Id, call.Name);
                    if (item.Type == "custom_tool_call") item.Input = FreeformInput.Unwrap(call.ArgumentsJson);
                    else item.Arguments = call.ArgumentsJson;
                    item.Status = "completed";
                    items.Add(item);
                    break;
                case OpaqueBlock { Provider: ResponsesBackend.Provider } opaque:
                    if (opaque.Payload.Deserialize(ResponsesJsonContext.Default.ResponseItem) is { } raw) items.Add(raw);
                    break;
            }
        }

        _output.AddRange(items);
        var final = Final(response.StopReason, response.Usage);
        return JsonSerializer.SerializeToUtf8Bytes(final, ResponsesJson.Writer.ResponseObject);
    }

    // ── streams ──

    public void Encode(StreamEvent streamEvent, IBufferWriter<byte> output)
    {
        if (_finished) return;
        if (streamEvent is StreamError error)
        {
            Fail(error.Error, output);
            return;
        }

        EnsureStarted(output);
        switch (streamEvent)
        {
            case BlockStart start:
                Start(start, output);
                break;
            case BlockDelta delta:
                Delta(delta, output);
                break;
            case BlockStop stop:
                if (_open?.Canonical == stop.Index) Close(output);
                break;
            case MessageStart { Usage: { } startUsage }:
                _startUsage = startUsage;
                break;
            case MessageDelta delta:
                Close(output);
                _pending = delta.After(_pending);
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
        // A failure before the first event still names the response: clients read its id from response.created.
        EnsureStarted(output);
        _finished = true;
        var code = ResponsesErrorCode.Of(error);
        Write(output, new ResponsesEvent
        {
            Type = "error",
            Code = code,
            Message = error.Message,
            Param = error.Param,
        });
        var failed = Shell("failed");
        failed.Output = _output;
        failed.Error = new ResponseErrorInfo { Code = code, Message = error.Message };
        Write(output, new ResponsesEvent { Type = "response.failed", Response = failed });
    }

    /// <summary>
    /// The code OpenAI gives the error (rate_limit_exceeded, …), else its type: Codex decides by the
    /// code whether to retry a failed response, e.g. after "rate_limit_exceeded".
    /// </summary>

    private void EnsureStarted(IBufferWriter<byte> output)
    {
        if (_started) return;
        _started = true;
        Write(output, new ResponsesEvent { Type = "response.created", Response = Shell("in_progress") });
        Write(output, new ResponsesEvent { Type = "response.in_progress", Response = Shell("in_progress") });
    }

    private void Start(BlockStart start, IBufferWriter<byte> output)
    {
        Close(output);
        _dropped?.Remove(start.Index);
        ResponseItem item;
        switch (start.Kind)
        {
            case BlockKind.Text:
                item = new ResponseItem { Type = "message", Id = ResponsesIds.New("msg"), Status = "in_progress", Role = "assistant", Content = new ResponsesContent { Parts = [] } };
                break;
            case BlockKind.Thinking:
                item = new ResponseItem { Type = "reasoning", Id = ResponsesIds.New("rs"), Summary = [] };
                break;
            case BlockKind.ToolUse:
                item = NewCall(string.IsNullOrEmpty(start.ToolId) ? ResponsesIds.New("call") : start.ToolId, start.ToolName ?? "");
                if (item.Type == "custom_tool_call") item.Input = "";
                else item.Arguments = "";
                break;
            default:
                // Opaque blocks of other providers cannot travel in a Responses item; a Responses backend's own reasoning arrives on the fast path.
                (_dropped ??= []).Add(start.Index);
                return;
        }

        var open = new Open(start.Index, start.Kind, item, _output.Count);
        _open = open;
        _output.Add(item);
        Write(output, new ResponsesEvent { Type = "response.output_item.added", OutputIndex = open.OutputIndex, Item = item });
        if (start.Kind == BlockKind.Text)
        {
            Write(output, new ResponsesEvent
            {
                Type = "response.content_part.added", ItemId = item.Id, OutputIndex = open.OutputIndex, ContentIndex = 0,
                Part = ContentPart.OutputText(""),
            });
        }
        else if (start.Kind == BlockKind.Thinking)
        {
            Write(output, new ResponsesEvent
            {
                Type = "response.reasoning_summary_part.added", ItemId = item.Id, OutputIndex = open.OutputIndex, SummaryIndex = 0,
                Part = ContentPart.SummaryText(""),
            });
        }
    }

    private void Delta(BlockDelta delta, IBufferWriter<byte> output)
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
            // A delta of a block that is not open: the item it belongs to opens here.
            Start(new BlockStart(delta.Index, kind), output);
            open = _open!;
        }

        var item = open.Item;
        switch (delta.Kind)
        {
            case DeltaKind.Text:
                open.Text.Append(delta.Text);
                Write(output, new ResponsesEvent
                {
                    Type = "response.output_text.delta", ItemId = item.Id, OutputIndex = open.OutputIndex, ContentIndex = 0,
                    Delta = delta.Text, Logprobs = [],
                });
                break;
            case DeltaKind.Thinking:
                open.Text.Append(delta.Text);
                Write(output, new ResponsesEvent
                {
                    Type = "response.reasoning_summary_text.delta", ItemId = item.Id, OutputIndex = open.OutputIndex, SummaryIndex = 0, Delta = delta.Text,
                });
                break;
            case DeltaKind.Signature:
                (open.Signature ??= new StringBuilder()).Append(delta.Text);
                break;
            case DeltaKind.ArgumentsJson:
                open.Text.Append(delta.Text);
                // A custom tool's raw input is only known whole (other providers send it wrapped in {"input": …}).
                if (item.Type == "function_call")
                    Write(output, new ResponsesEvent { Type = "response.function_call_arguments.delta", ItemId = item.Id, OutputIndex = open.OutputIndex, Delta = delta.Text });
                break;
        }
    }

    private void Close(IBufferWriter<byte> output)
    {
        if (_open is not { } open) return;
        _open = null;
        var item = open.Item;
        var text = open.Text.ToString();
        switch (open.Kind)
        {
            case BlockKind.Text:
                var part = ContentPart.OutputText(text);
                Write(output, new ResponsesEvent
                {
                    Type = "response.output_text.done", ItemId = item.Id, OutputIndex = open.OutputIndex, ContentIndex = 0, Text = text, Logprobs = [],
                });
                Write(output, new ResponsesEvent { Type = "response.content_part.done", ItemId = item.Id, OutputIndex = open.OutputIndex, ContentIndex = 0, Part = part });
                item.Content = new ResponsesContent { Parts = [part] };
                break;
            case BlockKind.Thinking:
                var summary = ContentPart.SummaryText(text);
                Write(output, new ResponsesEvent
                {
                    Type = "response.reasoning_summary_text.done", ItemId = item.Id, OutputIndex = open.OutputIndex, SummaryIndex = 0, Text = text,
                });
                Write(output, new ResponsesEvent
                {
                    Type = "response.reasoning_summary_part.done", ItemId = item.Id, OutputIndex = open.OutputIndex, SummaryIndex = 0, Part = summary,
                });
                item.Summary = text.Length == 0 ? [] : [summary];
                item.EncryptedContent = open.Signature?.ToString();
                break;
            case BlockKind.ToolUse when item.Type == "custom_tool_call":
                var input = FreeformInput.Unwrap(text);
                item.Input = input;
                Write(output, new ResponsesEvent { Type = "response.custom_tool_call_input.delta", ItemId = item.Id, OutputIndex = open.OutputIndex, Delta = input });
                Write(output, new ResponsesEvent { Type = "response.custom_tool_call_input.done", ItemId = item.Id, OutputIndex = open.OutputIndex, Input = input });
                break;
            case BlockKind.ToolUse:
                // A call without parameters may stream no arguments at all; its arguments are then "{}",
                // streamed too, so the deltas still add up to what .done says.
                if (text.Length == 0)
                    Write(output, new ResponsesEvent { Type = "response.function_call_arguments.delta", ItemId = item.Id, OutputIndex = open.OutputIndex, Delta = "{}" });
                item.Arguments = text.Length == 0 ? "{}" : text;
                Write(output, new ResponsesEvent
                {
                    Type = "response.function_call_arguments.done", ItemId = item.Id, OutputIndex = open.OutputIndex, Arguments = item.Arguments, Name = item.Name,
                });
                break;
        }
        item.Status = item.Type == "reasoning" ? null : "completed";
        Write(output, new ResponsesEvent { Type = "response.output_item.done", OutputIndex = open.OutputIndex, Item = item });
    }

    private void Finish(IBufferWriter<byte> output)
    {
        Close(output);
        _finished = true;
        var stop = _pending?.StopReason ?? (_output.Any(i => i?.Type is "function_call" or "custom_tool_call") ? StopReason.ToolUse : StopReason.EndTurn);
        if (stop == StopReason.Refusal) AsRefusal();
        var final = Final(stop, _pending?.Usage ?? _startUsage);
        Write(output, new ResponsesEvent { Type = final.Status == "incomplete" ? "response.incomplete" : "response.completed", Response = final });
    }

    /// <summary>
    /// OpenAI streams a refusal as refusal parts from the start; Louter learns that the upstream
    /// refused only at the end (Anthropic's stop_reason "refusal"), after the text went out as
    /// output_text. The final response then says it: its message parts are refusal parts.
    /// </summary>
    private void AsRefusal()
    {
        foreach (var item in _output)
        {
            if (item is not { Type: "message", Content.Parts: { } parts }) continue;
            for (var i = 0; i < parts.Count; i++)
            {
                if (parts[i] is { Type: "output_text" } part) parts[i] = new ContentPart { Type = "refusal", Refusal = part.Text };
            }
        }
    }

    // ── shared ──

    /// <summary>The finished response: status from the stop reason, the output, usage; stored when the client asked.</summary>
    private ResponseObject Final(StopReason stop, TokenUsage? usage)
    {
        var reason = stop switch
        {
            StopReason.MaxTokens or StopReason.ContextWindowExceeded => "max_output_tokens",
            StopReason.ContentFilter => "content_filter",
            _ => null,
        };
        var final = Shell(reason is null ? "completed" : "incomplete");
        final.IncompleteDetails = reason is null ? null : new IncompleteDetails { Reason = reason };
        final.Output = _output;
        // Usage is always there (response.completed has it in OpenAI's answers); unreported counts are 0.
        final.Usage = Usage(usage ?? new TokenUsage(0, 0));
        if (_request is { Store: true } && _store is not null) _store.Save(StoredResponse.Create(final, _request.Input, _createdAt));
        return final;
    }

    public static ResponsesUsage Usage(TokenUsage usage) => new()
    {
        InputTokens = usage.Input,
        InputTokensDetails = new InputTokensDetails { CachedTokens = usage.CacheRead },
        OutputTokens = usage.Output,
        OutputTokensDetails = new OutputTokensDetails { ReasoningTokens = usage.Reasoning },
        TotalTokens = usage.Total,
    };

    /// <summary>The response object around the output: the request's settings echoed as OpenAI echoes them.</summary>
    private ResponseObject Shell(string status)
    {
        var wire = _request?.Wire;
        return new ResponseObject
        {
            Id = _id,
            CreatedAt = _createdAt.ToUnixTimeSeconds(),
            Status = status,
            Instructions = wire?.Instructions,
            MaxOutputTokens = wire?.MaxOutputTokens,
            Model = _model,
            Output = [],
            ParallelToolCalls = wire?.ParallelToolCalls ?? true,
            PreviousResponseId = wire?.PreviousResponseId,
            Reasoning = wire?.Reasoning is { } r ? new ReasoningConfig { Effort = r.Effort, Summary = r.Summary ?? r.GenerateSummary } : null,
            ServiceTier = wire?.ServiceTier,
            Store = wire?.Store ?? true,
            Temperature = wire?.Temperature,
            Text = new TextConfig { Format = wire?.Text?.Format ?? new TextFormat { Type = "text" }, Verbosity = wire?.Text?.Verbosity },
            ToolChoice = wire?.ToolChoice ?? new ResponsesToolChoice { Mode = "auto" },
            Tools = wire?.Tools ?? [],
            TopP = wire?.TopP,
            Truncation = wire?.Truncation ?? "disabled",
            User = wire?.User,
            Metadata = wire?.Metadata ?? [],
        };
    }

    private ResponseItem NewCall(string callId, string name)
    {
        var custom = _request?.CustomTools.Contains(name) == true;
        return new ResponseItem
        {
            Type = custom ? "custom_tool_call" : "function_call",
            Id = ResponsesIds.New(custom ? "ctc" : "fc"),
            Status = "in_progress",
            CallId = callId,
            Name = name,
            Namespace = _request?.Namespaces.GetValueOrDefault(name),
        };
    }

    private static ResponseItem Reasoning(string id, string text, string? signature) => new()
    {
        Type = "reasoning",
        Id = id,
        Summary = text.Length == 0 ? [] : [ContentPart.SummaryText(text)],
        EncryptedContent = string.IsNullOrEmpty(signature) ? null : signature,
    };

    private void Write(IBufferWriter<byte> output, ResponsesEvent ev)
    {
        ev.SequenceNumber = _sequence++;
        var contract = ResponsesJson.Writer.ResponsesEvent;
        _json ??= AnthropicSse.NewWriter(output, contract.Options);
        AnthropicSse.Write(output, ev.Type!, ev, contract, _json);
    }
}
