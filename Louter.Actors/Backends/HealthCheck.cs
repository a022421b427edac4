namespace Louter.Actors.Backends;

/// <summary>An active health check: one cheap request to the backend, made by its entity.</summary>
public interface IHealthProbe
{
    /// <summary>Checks the backend; never throws for the backend's faults (they are a failed result).</summary>
    Task<HealthCheckResult> CheckAsync(CancellationToken cancellationToken);
}

/// <summary>How a health check went; <paramref name="Detail"/> says why it failed ("HTTP 503", "connection refused").</summary>
public sealed record HealthCheckResult(bool Ok, string Detail);

/// <summary>How often the entity checks its backend, and the check itself.</summary>
public sealed record HealthCheckSettings(TimeSpan Interval, IHealthProbe Probe);

/// <summary>Everything a Backend entity needs beyond its name.</summary>
public sealed record BackendHealthSettings
{
    public static readonly BackendHealthSettings Default = new();

    public CircuitPolicy Policy { get; init; } = CircuitPolicy.Default;

    /// <summary>Null: no active health checks (passive health only).</summary>
    public HealthCheckSettings? HealthCheck { get; init; }
}
