using System.Text.Json.Serialization;

namespace Louter.Streams.Protocols.Anthropic.Wire;

/// <summary>
/// POST /v1/messages request body: the fields Louter reads or writes. Fields not listed here are not
/// lost on the same-protocol path, which forwards the original bytes (see <see cref="AnthropicRequestRewriter"/>).
/// </summary>
public sealed class MessagesRequest
{
    public string? Model { get; set; }
    public List<MessageParam?>? Messages { get; set; }

    /// <summary>A string, or text blocks (which may carry cache_control breakpoints).</summary>
    public MessageContent? System { get; set; }

    /// <summary>Required by Anthropic: the request is rejected without it.</summary>
    public long? MaxTokens { get; set; }
    public List<string>? StopSequences { get; set; }
    public double? Temperature { get; set; }
    public double? TopP { get; set; }
    public long? TopK { get; set; }
    public bool? Stream { get; set; }

    /// <summary>Custom tools typed; server and Anthropic-defined tools (web search, bash, ...) kept as raw JSON.</summary>
    [JsonConverter(typeof(ToolListConverter))]
    public List<ToolParam?>? Tools { get; set; }

    public ToolChoiceParam? ToolChoice { get; set; }
    public ThinkingParam? Thinking { get; set; }
    public RequestMetadata? Metadata { get; set; }
    public string? ServiceTier { get; set; }

    /// <summary>Structured outputs, beta form (<c>structured-outputs-2025-11-13</c>).</summary>
    public OutputFormatParam? OutputFormat { get; set; }

    /// <summary>Structured outputs, GA form: <c>output_config.format</c>.</summary>
    public OutputConfigParam? OutputConfig { get; set; }
}
