using System.Text.Json.Serialization;

namespace Louter.Host.Diagnostics;

/// <summary>The small real requests diagnostics sends to every backend, in the order they run.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ProbeKind>))]
public enum ProbeKind
{
    /// <summary>A one-line text question, not streamed. The baseline: a backend that fails it is reported as down.</summary>
    [JsonStringEnumMemberName("text")]
    Text,

    /// <summary>A tiny inline PNG with a question about it.</summary>
    [JsonStringEnumMemberName("vision")]
    Vision,

    /// <summary>One function tool with tool_choice = required.</summary>
    [JsonStringEnumMemberName("tools")]
    Tools,

    /// <summary>The text question again, streamed.</summary>
    [JsonStringEnumMemberName("streaming")]
    Streaming,
}

/// <summary>What one probe found out.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ProbeStatus>))]
public enum ProbeStatus
{
    /// <summary>The backend answered the probe.</summary>
    [JsonStringEnumMemberName("supported")]
    Supported,

    /// <summary>The backend (a 4xx refusal) or its codec refused this kind of content while text works.</summary>
    [JsonStringEnumMemberName("unsupported")]
    Unsupported,

    /// <summary>No usable answer: connect error, timeout, 5xx, rejected credentials, rate limiting, an unreadable body.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,
}
