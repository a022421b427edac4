using System.Text.Json;

namespace Louter.Streams.Protocols.Anthropic.Wire;

/// <summary>A structured-output format: <c>{"type":"json_schema","schema":{…}}</c>.</summary>
public sealed class OutputFormatParam
{
    /// <summary>"json_schema".</summary>
    public string? Type { get; set; }
    public JsonElement? Schema { get; set; }
}
