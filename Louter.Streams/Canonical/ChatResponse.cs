namespace Louter.Streams.Canonical;

/// <summary>A complete (non-streamed) answer in canonical form.</summary>
public sealed record ChatResponse(string Id, string Model, IReadOnlyList<ContentBlock> Content, StopReason StopReason)
{
    /// <summary>The provider's own stop reason string, e.g. "length", "max_tokens", "MAX_TOKENS".</summary>
    public string? RawStopReason { get; init; }

    /// <summary>Which stop sequence ended the answer, when one did.</summary>
    public string? StopSequence { get; init; }

    public TokenUsage? Usage { get; init; }
}
