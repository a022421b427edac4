using Louter.Host.Config;
using Xunit;

namespace Louter.Tests.Config;

public sealed class CircuitBreakerConfigTests
{
    [Fact]
    public void Parse_NoCircuitKeys_GivesTheDefaultsAndNoHealthCheck()
    {
        var result = ConfigTestSupport.Parse("""
            [backends.a]
            url = "http://localhost:8000"
            """);

        Assert.True(result.Ok, string.Join("\n", result.Errors));
        var backend = Assert.Single(result.Config!.Backends);
        Assert.Equal(new CircuitBreakerConfig(), backend.CircuitBreaker);
        Assert.Equal(5, backend.CircuitBreaker.FailureThreshold);
        Assert.Equal(0.5, backend.CircuitBreaker.FailureRate);
        Assert.Equal(10, backend.CircuitBreaker.MinimumRequests);
        Assert.Equal(TimeSpan.FromSeconds(60), backend.CircuitBreaker.Window);
        Assert.Equal(TimeSpan.FromSeconds(30), backend.CircuitBreaker.OpenDuration);
        Assert.Equal(TimeSpan.FromMinutes(5), backend.CircuitBreaker.MaxOpenDuration);
        Assert.Equal(1, backend.CircuitBreaker.HalfOpenProbes);
        Assert.Null(backend.HealthCheck);
    }

    [Fact]
    public void Parse_EveryKey_IsBound()
    {
        var result = ConfigTestSupport.Parse("""
            [backends.a]
            url = "http://localhost:8000"
            failure_threshold = 3
            failure_rate = 0.25
            minimum_requests = 20
            window = "2m"
            open_duration = "10s"
            max_open_duration = "1m"
            half_open_probes = 2
            health_check = { interval = "15s", timeout = "2s", path = "/health" }
            """);

        Assert.True(result.Ok, string.Join("\n", result.Errors));
        var backend = Assert.Single(result.Config!.Backends);
        Assert.Equal(new CircuitBreakerConfig
        {
            FailureThreshold = 3,
            FailureRate = 0.25,
            MinimumRequests = 20,
            Window = TimeSpan.FromMinutes(2),
            OpenDuration = TimeSpan.FromSeconds(10),
            MaxOpenDuration = TimeSpan.FromMinutes(1),
            HalfOpenProbes = 2,
        }, backend.CircuitBreaker);
        Assert.Equal(new HealthCheckConfig { Interval = TimeSpan.FromSeconds(15), Timeout = TimeSpan.FromSeconds(2), Path = "/health" }, backend.HealthCheck);
    }

    [Fact]
    public void Parse_HealthCheckAsATable_TakesDefaultsForMissingKeys()
    {
        var result = ConfigTestSupport.Parse("""
            [backends.a]
            url = "http://localhost:8000"
            [backends.a.health_check]
            interval = "30s"
            """);

        Assert.True(result.Ok, string.Join("\n", result.Errors));
        Assert.Equal(new HealthCheckConfig { Interval = TimeSpan.FromSeconds(30) }, result.Config!.Backends[0].HealthCheck);
    }

    [Fact]
    public void Parse_LongOpenDurationWithoutACap_CapsAtItself()
    {
        var result = ConfigTestSupport.Parse("""
            [backends.a]
            url = "http://localhost:8000"
            open_duration = "1h"
            """);

        Assert.True(result.Ok, string.Join("\n", result.Errors));
        Assert.Equal(TimeSpan.FromHours(1), result.Config!.Backends[0].CircuitBreaker.MaxOpenDuration);
    }

    [Fact]
    public void Parse_BadValues_ReportsEachWithItsLine()
    {
        var result = ConfigTestSupport.Parse("""
            [backends.a]
            url = "http://localhost:8000"
            failure_threshold = 0
            failure_rate = 1.5
            minimum_requests = "ten"
            window = 60
            open_duration = "1m"
            max_open_duration = "30s"
            half_open_probes = 0
            health_check = { interval = "0s", path = "health", every = "1s" }
            """);

        Assert.False(result.Ok);
        Assert.Equal(
            [
                (3, "backends.a.failure_threshold"),
                (4, "backends.a.failure_rate"),
                (5, "backends.a.minimum_requests"),
                (6, "backends.a.window"),
                (8, "backends.a.max_open_duration"),
                (9, "backends.a.half_open_probes"),
                (10, "backends.a.health_check.interval"),
                (10, "backends.a.health_check.path"),
                (10, "backends.a.health_check.every"),
            ],
            result.Errors.Select(e => (e.Line, e.Key)));
    }
}
