namespace Louter.Host.Diagnostics;

/// <summary>How a diagnostics run probes.</summary>
public sealed record DiagnosticsOptions
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Deadline for each probe, from sending the request to the end of the answer.</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>
    /// A client model name to probe with instead of each backend's default (its first mapped model):
    /// sent through the backend's model_mapping when the mapping has it, else sent as is.
    /// </summary>
    public string? Model { get; init; }
}
