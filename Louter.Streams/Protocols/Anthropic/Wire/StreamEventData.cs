using System.Text.Json.Serialization;

namespace Louter.Streams.Protocols.Anthropic.Wire;

/// <summary>
/// The data of any streamed event, read into one flat record: each event type fills the fields it
/// has. Unknown event types and fields are ignored. (Louter writes events with the per-type
/// records, e.g. <see cref="ContentBlockDeltaEvent"/>, whose nulls are exactly Anthropic's.)
/// </summary>
public sealed class StreamEventData
{
    public string? Type { get; set; }

    /// <summary>message_start.</summary>
    public MessageResponse? Message { get; set; }

    /// <summary>content_block_start / _delta / _stop.</summary>
    public int? Index { get; set; }

    [JsonConverter(typeof(WireBlockConverter))]
    public WireBlock? ContentBlock { get; set; }

    /// <summary>content_block_delta (text / partial_json / thinking / signature) and message_delta (stop_reason).</summary>
    public EventDelta? Delta { get; set; }

    /// <summary>message_delta: running totals.</summary>
    public MessageUsage? Usage { get; set; }

    /// <summary>error.</summary>
    public ErrorBody? Error { get; set; }
}
