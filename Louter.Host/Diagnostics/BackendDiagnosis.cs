namespace Louter.Host.Diagnostics;

/// <summary>
/// What the probes found out about one backend: which model was asked, each probe's result, and
/// where that disagrees with the configured <c>capabilities</c>.
/// </summary>
public sealed record BackendDiagnosis(string Name, string Protocol, string Url, string? Model)
{
    /// <summary>The capabilities list as configured; empty = "accepts everything".</summary>
    public IReadOnlyList<string> Capabilities { get; init; } = [];

    public IReadOnlyList<ProbeResult> Probes { get; init; } = [];

    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>True when the backend answered the text probe.</summary>
    public bool AnsweredText => Probes.Any(p => p.Probe == ProbeKind.Text && p.Status == ProbeStatus.Supported);
}
