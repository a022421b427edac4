using System.Text.Json;

namespace Louter.Streams.Canonical;

public enum ResponseFormatKind
{
    Text,
    /// <summary>Any JSON object.</summary>
    JsonObject,
    /// <summary>JSON matching <see cref="ResponseFormat.Schema"/>.</summary>
    JsonSchema,
}

public sealed record ResponseFormat(ResponseFormatKind Kind)
{
    public JsonElement? Schema { get; init; }
    public string? Name { get; init; }
    public bool? Strict { get; init; }
}
