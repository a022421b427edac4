using System.Text.Json.Serialization;

namespace Louter.Streams.Protocols.Anthropic.Wire;

/// <summary>message_delta's "delta": Anthropic writes both fields, null or not.</summary>
public sealed class MessageDeltaBody
{
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? StopReason { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? StopSequence { get; set; }
}
