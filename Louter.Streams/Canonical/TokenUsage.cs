namespace Louter.Streams.Canonical;

/// <summary>
/// Token counts in Louter's one convention: <see cref="Input"/> counts every input token including
/// cache reads and writes; <see cref="Output"/> counts every output token including reasoning.
/// Each codec converts its provider's convention into this one.
/// </summary>
public sealed record TokenUsage(long Input, long Output)
{
    public long CacheRead { get; init; }
    public long CacheWrite { get; init; }
    public long Reasoning { get; init; }
    public long Total => Input + Output;
}
