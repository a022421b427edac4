using Louter.Actors.Backends;
using Louter.Host.Config;
using Louter.Host.Health;
using Louter.Streams.Backends;

namespace Louter.Host.Hosting;

/// <summary>Config backends → what each Backend entity needs: its circuit policy and its health check.</summary>
internal sealed class BackendHealthSettingsFactory
{
    private readonly Dictionary<string, BackendHealthSettings> _settings = new(StringComparer.Ordinal);

    public BackendHealthSettingsFactory(LouterConfig config, BackendTransports transports)
    {
        var descriptors = BackendDescriptors.From(config);
        foreach (var (backend, descriptor) in config.Backends.Zip(descriptors))
        {
            var c = backend.CircuitBreaker;
            _settings[backend.Name] = new BackendHealthSettings
            {
                Policy = new CircuitPolicy
                {
                    FailureThreshold = c.FailureThreshold,
                    FailureRate = c.FailureRate,
                    MinimumRequests = c.MinimumRequests,
                    Window = c.Window,
                    OpenDuration = c.OpenDuration,
                    MaxOpenDuration = c.MaxOpenDuration,
                    HalfOpenProbes = c.HalfOpenProbes,
                },
                HealthCheck = backend.HealthCheck is { } check
                    ? new HealthCheckSettings(check.Interval, new HttpHealthProbe(descriptor, transports, check))
                    : null,
            };
        }
    }

    /// <summary>A backend no longer configured (an entity recovered from an old journal) gets the defaults and no checks.</summary>
    public BackendHealthSettings For(string backend) =>
        _settings.TryGetValue(backend, out var settings) ? settings : BackendHealthSettings.Default;
}
