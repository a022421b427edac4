namespace Louter.Host.Diagnostics;

/// <summary>
/// One probe's outcome. <see cref="Detail"/> says why it was refused or failed, or notes something
/// about a success (a tools probe answered with text); it never holds the API key or the full URL.
/// </summary>
public sealed record ProbeResult(ProbeKind Probe, ProbeStatus Status, long LatencyMs)
{
    public string? Detail { get; init; }

    /// <summary>The HTTP status the backend answered with, when it answered.</summary>
    public int? HttpStatus { get; init; }

    /// <summary>Streaming only: milliseconds until the first streamed event.</summary>
    public long? FirstEventMs { get; init; }
}
