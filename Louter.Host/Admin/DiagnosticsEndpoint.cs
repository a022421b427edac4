using Louter.Host.Config;
using Louter.Host.Diagnostics;
using Louter.Streams.Backends;
using Louter.Streams.Routing;

namespace Louter.Host.Admin;

/// <summary>
/// <c>GET /admin/diagnostics[?backend=NAME][&amp;model=NAME][&amp;timeout=20s]</c>: probes the running
/// node's backends (<see cref="BackendDiagnostics"/>) and answers the report as JSON, the same
/// document <c>louter diagnose --json</c> prints. Always 200 when the probes ran: <c>ok</c> says
/// whether every backend answered text.
/// </summary>
internal static class DiagnosticsEndpoint
{
    // A probe that hangs holds the admin request open for this long at most.
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(2);

    public static void MapDiagnostics(this RouteGroupBuilder admin) => admin.MapGet("/diagnostics", RunAsync);

    private static async Task<IResult> RunAsync(string? backend, string? model, string? timeout, RoutingTableHolder table, BackendTransports transports, TimeProvider time, CancellationToken cancellationToken)
    {
        var deadline = DiagnosticsOptions.DefaultTimeout;
        if (timeout is not null && (!DurationParser.TryParse(timeout, out deadline, out _) || deadline <= TimeSpan.Zero || deadline > MaxTimeout))
            return AdminResults.Error(StatusCodes.Status400BadRequest, $"timeout must be a duration between 1ms and {DurationParser.Format(MaxTimeout)}, e.g. \"20s\".");

        IReadOnlyList<BackendDescriptor> backends = [.. table.Current.Backends.Select(b => b.Descriptor)];
        if (backend is not null)
        {
            backends = [.. backends.Where(b => b.Name == backend)];
            if (backends.Count == 0) return AdminResults.Error(StatusCodes.Status404NotFound, $"No backend named '{backend}' is configured.");
        }

        var report = await new BackendDiagnostics(transports, time)
            .RunAsync(backends, new DiagnosticsOptions { Timeout = deadline, Model = model }, cancellationToken);
        return Results.Json(report, DiagnosticsJson.Writer.DiagnosticsReport);
    }
}
