using System.Text.Json.Serialization;

namespace Louter.Streams.Protocols.Anthropic.Wire;

/// <summary>
/// A Message: the non-streamed answer, and the skeleton in message_start (empty content, null stop
/// reason). Anthropic always writes stop_reason and stop_sequence, null or not.
/// </summary>
public sealed class MessageResponse
{
    public string? Id { get; set; }
    public string Type { get; set; } = "message";
    public string Role { get; set; } = "assistant";
    public string? Model { get; set; }

    [JsonConverter(typeof(WireBlockListConverter))]
    public List<WireBlock?>? Content { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? StopReason { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? StopSequence { get; set; }

    public MessageUsage? Usage { get; set; }
}
