using System.Text.Json;

namespace Louter.Streams.Protocols.Responses.Wire;

/// <summary>
/// The response object (<c>"object":"response"</c>): the non-streamed body, and the payload of
/// response.created / in_progress / completed / incomplete / failed events.
/// </summary>
public sealed class ResponseObject
{
    public string? Id { get; set; }
    public string Object { get; set; } = "response";
    public long CreatedAt { get; set; }

    /// <summary>in_progress | completed | incomplete | failed | cancelled | queued.</summary>
    public string? Status { get; set; }
    public bool? Background { get; set; }
    public ResponseErrorInfo? Error { get; set; }
    public IncompleteDetails? IncompleteDetails { get; set; }
    public string? Instructions { get; set; }
    public long? MaxOutputTokens { get; set; }
    public string? Model { get; set; }
    public List<ResponseItem?>? Output { get; set; }
    public bool? ParallelToolCalls { get; set; }
    public string? PreviousResponseId { get; set; }
    public ReasoningConfig? Reasoning { get; set; }
    public string? ServiceTier { get; set; }
    public bool? Store { get; set; }
    public double? Temperature { get; set; }
    public TextConfig? Text { get; set; }
    public ResponsesToolChoice? ToolChoice { get; set; }
    public List<ResponsesTool?>? Tools { get; set; }
    public double? TopP { get; set; }
    public string? Truncation { get; set; }
    public ResponsesUsage? Usage { get; set; }
    public string? User { get; set; }
    public Dictionary<string, string>? Metadata { get; set; }
}

/// <summary>A failed response's error: <c>{"code","message"}</c>.</summary>
public sealed class ResponseErrorInfo
{
    public string? Code { get; set; }
    public string? Message { get; set; }
}

/// <summary>Why a response is incomplete: max_output_tokens | content_filter.</summary>
public sealed class IncompleteDetails
{
    public string? Reason { get; set; }
}

/// <summary>
/// Responses usage. input_tokens includes cached tokens; output_tokens includes reasoning tokens —
/// the canonical convention already.
/// </summary>
public sealed class ResponsesUsage
{
    public long InputTokens { get; set; }
    public InputTokensDetails? InputTokensDetails { get; set; }
    public long OutputTokens { get; set; }
    public OutputTokensDetails? OutputTokensDetails { get; set; }
    public long TotalTokens { get; set; }
}

public sealed class InputTokensDetails
{
    public long CachedTokens { get; set; }
}

public sealed class OutputTokensDetails
{
    public long ReasoningTokens { get; set; }
}

/// <summary>
/// One streamed event. <see cref="Type"/> says which fields apply (response.created → response;
/// response.output_item.added → output_index, item; response.output_text.delta → item_id,
/// output_index, content_index, delta, logprobs; error → code, message, param; …).
/// </summary>
public sealed class ResponsesEvent
{
    public string? Type { get; set; }
    public long SequenceNumber { get; set; }
    public ResponseObject? Response { get; set; }
    public int? OutputIndex { get; set; }
    public string? ItemId { get; set; }
    public int? ContentIndex { get; set; }
    public int? SummaryIndex { get; set; }
    public ResponseItem? Item { get; set; }
    public ContentPart? Part { get; set; }
    public string? Delta { get; set; }
    public string? Text { get; set; }
    public string? Arguments { get; set; }
    public string? Input { get; set; }
    public string? Name { get; set; }
    public List<JsonElement>? Logprobs { get; set; }
    public string? Obfuscation { get; set; }

    /// <summary>error event: code, message, param.</summary>
    public string? Code { get; set; }
    public string? Message { get; set; }
    public string? Param { get; set; }

    /// <summary>
    /// error event, nested form: <c>{"type":"error","error":{"type","code","message","param"}}</c>, which
    /// OpenAI also sends (a rate limit or an invalid request reported after the stream began).
    /// </summary>
    public OpenAI.Wire.OpenAIError? Error { get; set; }
}

/// <summary>DELETE /v1/responses/{id}: <c>{"id","object":"response.deleted","deleted":true}</c>.</summary>
public sealed class ResponseDeleted
{
    public string? Id { get; set; }
    public string Object { get; set; } = "response.deleted";
    public bool Deleted { get; set; }
}
