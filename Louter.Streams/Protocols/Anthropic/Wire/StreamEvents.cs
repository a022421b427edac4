using System.Text.Json.Serialization;

namespace Louter.Streams.Protocols.Anthropic.Wire;

// The events Louter writes, one record per event type, so each serialises with exactly the fields
// (and the explicit nulls) Anthropic's own stream has.

public sealed class MessageStartEvent
{
    public string Type { get; set; } = "message_start";
    public required MessageResponse Message { get; set; }
}

public sealed class ContentBlockStartEvent
{
    public string Type { get; set; } = "content_block_start";
    public int Index { get; set; }

    [JsonConverter(typeof(WireBlockConverter))]
    public required WireBlock ContentBlock { get; set; }
}

public sealed class ContentBlockDeltaEvent
{
    public string Type { get; set; } = "content_block_delta";
    public int Index { get; set; }
    public required EventDelta Delta { get; set; }
}

public sealed class ContentBlockStopEvent
{
    public string Type { get; set; } = "content_block_stop";
    public int Index { get; set; }
}

public sealed class MessageDeltaEvent
{
    public string Type { get; set; } = "message_delta";
    public required MessageDeltaBody Delta { get; set; }
    public MessageUsage? Usage { get; set; }
}

public sealed class MessageDeltaBody
{
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? StopReason { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? StopSequence { get; set; }
}

public sealed class MessageStopEvent
{
    public string Type { get; set; } = "message_stop";
}
