namespace Louter.Benchmarks.Load;

/// <summary>One scenario's outcome per target: a measurement, or why there is none.</summary>
internal sealed record ScenarioResult(string Title, string Description, bool Streaming)
{
    public List<(string Target, WrkResult? Wrk, SseResult? Sse, string? Failure)> Rows { get; } = [];
}
