using System.Text.Json;

namespace Louter.Streams.Protocols.Gemini.Wire;

/// <summary>Sampling, output limits, structured output and thinking for one request.</summary>
public sealed class GenerationConfig
{
    public double? Temperature { get; set; }
    public double? TopP { get; set; }

    /// <summary>An integer in the API; read as a number because clients send 40.0 and the API accepts it.</summary>
    public double? TopK { get; set; }
    public int? CandidateCount { get; set; }
    public long? MaxOutputTokens { get; set; }
    public List<string>? StopSequences { get; set; }
    public long? Seed { get; set; }
    public double? PresencePenalty { get; set; }
    public double? FrequencyPenalty { get; set; }
    public string? ResponseMimeType { get; set; }

    /// <summary>OpenAPI-subset schema (upper-case types).</summary>
    public JsonElement? ResponseSchema { get; set; }

    /// <summary>Standard JSON Schema; what Louter sends when it is the client.</summary>
    public JsonElement? ResponseJsonSchema { get; set; }

    /// <summary>TEXT | IMAGE | AUDIO.</summary>
    public List<string>? ResponseModalities { get; set; }

    public ThinkingConfig? ThinkingConfig { get; set; }
}
