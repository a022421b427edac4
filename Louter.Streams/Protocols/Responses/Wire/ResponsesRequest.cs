using System.Text.Json;
using System.Text.Json.Serialization;

namespace Louter.Streams.Protocols.Responses.Wire;

/// <summary>
/// POST /v1/responses request body: the fields Louter reads or writes. On the same-protocol path the
/// client's bytes are forwarded with only routing's changes, so fields not listed here survive there.
/// </summary>
public sealed class ResponsesRequest
{
    public string? Model { get; set; }

    /// <summary>A string (one user message) or a list of items.</summary>
    public ResponsesInput? Input { get; set; }

    /// <summary>System instructions for this turn (not carried over by previous_response_id).</summary>
    public string? Instructions { get; set; }

    public List<ResponsesTool?>? Tools { get; set; }
    public ResponsesToolChoice? ToolChoice { get; set; }
    public bool? ParallelToolCalls { get; set; }
    public long? MaxOutputTokens { get; set; }
    public long? MaxToolCalls { get; set; }
    public double? Temperature { get; set; }
    public double? TopP { get; set; }
    public long? TopLogprobs { get; set; }
    public TextConfig? Text { get; set; }
    public ReasoningConfig? Reasoning { get; set; }
    public List<string>? Include { get; set; }

    /// <summary>Default true: the response is kept so a later turn can name it in previous_response_id.</summary>
    public bool? Store { get; set; }
    public bool? Background { get; set; }
    public Dictionary<string, string>? Metadata { get; set; }
    public string? PromptCacheKey { get; set; }
    public string? PromptCacheRetention { get; set; }
    public string? SafetyIdentifier { get; set; }
    public string? ServiceTier { get; set; }
    public bool? Stream { get; set; }
    public StreamOptionsParam? StreamOptions { get; set; }
    public string? PreviousResponseId { get; set; }

    /// <summary>A conversation object id or { id }; Louter keeps no conversation objects.</summary>
    public JsonElement? Conversation { get; set; }

    /// <summary>A stored prompt template reference; only OpenAI itself can resolve it.</summary>
    public JsonElement? Prompt { get; set; }
    public string? Truncation { get; set; }
    public string? User { get; set; }

    /// <summary>Fields Louter does not know, kept so a rewritten body loses nothing.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed class StreamOptionsParam
{
    public bool? IncludeObfuscation { get; set; }
}

/// <summary><c>text</c>: the output format (plain text, JSON object, JSON schema) and verbosity.</summary>
public sealed class TextConfig
{
    public TextFormat? Format { get; set; }

    /// <summary>low | medium | high.</summary>
    public string? Verbosity { get; set; }
}

/// <summary><c>{"type":"text"}</c>, <c>{"type":"json_object"}</c> or <c>{"type":"json_schema","name","schema","strict","description"}</c>.</summary>
public sealed class TextFormat
{
    public string? Type { get; set; }
    public string? Name { get; set; }
    public string? Description { get; set; }
    public JsonElement? Schema { get; set; }
    public bool? Strict { get; set; }
}

/// <summary><c>reasoning</c>: effort (none | minimal | low | medium | high | xhigh) and summary (auto | concise | detailed).</summary>
public sealed class ReasoningConfig
{
    public string? Effort { get; set; }
    public string? Summary { get; set; }

    /// <summary>Deprecated spelling of <see cref="Summary"/>.</summary>
    public string? GenerateSummary { get; set; }
}
