namespace Louter.Actors.Backends;

/// <summary>
/// When a backend's circuit opens and how long it stays open (per backend, from config).
/// The defaults skip a dead backend within seconds without any configuration.
/// </summary>
public sealed record CircuitPolicy
{
    public static readonly CircuitPolicy Default = new();

    /// <summary>Consecutive failures that open the circuit.</summary>
    public int FailureThreshold { get; init; } = 5;

    /// <summary>Failure rate (failures / requests in the window) at or above which the circuit opens…</summary>
    public double FailureRate { get; init; } = 0.5;

    /// <summary>…once the window holds at least this many requests.</summary>
    public int MinimumRequests { get; init; } = 10;

    /// <summary>The sliding window the failure rate is measured over.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long the circuit stays open after its first trip; doubles on each trip in a row.</summary>
    public TimeSpan OpenDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The cap on the doubled open duration.</summary>
    public TimeSpan MaxOpenDuration { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Trial requests a half-open circuit admits (per node, per half-open period).</summary>
    public int HalfOpenProbes { get; init; } = 1;

    /// <summary>Open duration for the <paramref name="trip"/>-th trip in a row (1 = first): doubling, capped.</summary>
    public TimeSpan OpenDurationFor(int trip)
    {
        var duration = OpenDuration;
        for (var i = 1; i < trip && duration < MaxOpenDuration; i++) duration += duration;
        // A cap below the base duration (refused by config validation) never shortens the base.
        return duration > MaxOpenDuration ? (MaxOpenDuration > OpenDuration ? MaxOpenDuration : OpenDuration) : duration;
    }
}
