namespace Louter.Streams.Canonical;

public sealed record Sampling
{
    public double? Temperature { get; init; }
    public double? TopP { get; init; }
    public long? TopK { get; init; }
    public IReadOnlyList<string> Stop { get; init; } = [];
    public long? Seed { get; init; }
    public double? PresencePenalty { get; init; }
    public double? FrequencyPenalty { get; init; }
    public long? MaxOutputTokens { get; init; }
    public int? CandidateCount { get; init; }
}
