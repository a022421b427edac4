using System.Text.Json.Serialization;

namespace Louter.Streams.Protocols.OpenAI.Wire;

/// <summary>The body of an OpenAI error: <c>{"error":{"message","type","param","code"}}</c>.</summary>
public sealed class OpenAIErrorEnvelope
{
    public OpenAIError? Error { get; set; }
}

public sealed class OpenAIError
{
    public string? Message { get; set; }
    public string? Type { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Param { get; set; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Code { get; set; }
}
