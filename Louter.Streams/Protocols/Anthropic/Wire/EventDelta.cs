using System.Text.Json;

namespace Louter.Streams.Protocols.Anthropic.Wire;

/// <summary>content_block_delta's and message_delta's "delta", read into one flat record.</summary>
public sealed class EventDelta
{
    /// <summary>text_delta | input_json_delta | thinking_delta | signature_delta | citations_delta; null in message_delta.</summary>
    public string? Type { get; set; }
    public string? Text { get; set; }
    public string? PartialJson { get; set; }
    public string? Thinking { get; set; }
    public string? Signature { get; set; }
    public JsonElement? Citation { get; set; }
    public string? StopReason { get; set; }
    public string? StopSequence { get; set; }
}
