namespace Louter.Streams.Routing;

/// <summary>A backend's circuit breaker. Open means routing skips the backend.</summary>
public enum CircuitState
{
    Closed,
    Open,
    HalfOpen,
}
