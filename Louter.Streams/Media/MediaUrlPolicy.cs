namespace Louter.Streams.Media;

/// <summary>Whether and how Louter fetches media URLs that a backend cannot take (from [server]).</summary>
public sealed record MediaUrlPolicy
{
    public static readonly MediaUrlPolicy Off = new();

    public bool Fetch { get; init; }
    public long MaxBytes { get; init; } = 20L * 1024 * 1024;

    /// <summary>Allow loopback, private, link-local and other non-public addresses. Off: SSRF protection.</summary>
    public bool AllowPrivateAddresses { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(15);
}
