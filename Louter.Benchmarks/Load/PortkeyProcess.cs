namespace Louter.Benchmarks.Load;

/// <summary>A started Portkey gateway and how to address it.</summary>
internal sealed record PortkeyTarget(ChildProcess Child, Target Target);

/// <summary>Portkey's open-source gateway (placeholder until wired).</summary>
internal static class PortkeyProcess
{
    public static Task<(PortkeyTarget? Process, string Reason)> TryStartAsync(HttpClient http, Uri mock, bool quick, CancellationToken cancellationToken) =>
        Task.FromResult<(PortkeyTarget?, string)>((null, "not wired yet"));
}
