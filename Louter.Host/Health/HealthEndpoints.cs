using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Cluster;
using Louter.Actors.Routing;

namespace Louter.Host.Health;

/// <summary>
/// GET /health: the process is alive. GET /health/ready: it can serve — config loaded, this node
/// is Up in its cluster, and the routing table has heard from every backend entity (which means
/// the journal was read: persistence is reachable).
/// </summary>
internal static class HealthEndpoints
{
    public static void MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", () => Results.Json(new HealthReport("ok", null), HealthJsonContext.Default.HealthReport));

        app.MapGet("/health/ready", (ActorSystem system, RoutingSyncStatus sync) =>
        {
            var member = Cluster.Get(system).SelfMember.Status;
            var checks = new Dictionary<string, string>
            {
                ["config"] = "ok",
                ["cluster"] = member.ToString().ToLowerInvariant(),
                ["persistence"] = sync.IsSynced ? "ok" : "recovering",
            };
            var ready = member == MemberStatus.Up && sync.IsSynced;
            return Results.Json(new HealthReport(ready ? "ready" : "not_ready", checks), HealthJsonContext.Default.HealthReport,
                statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
    }
}

internal sealed record HealthReport(string Status, Dictionary<string, string>? Checks);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HealthReport))]
internal sealed partial class HealthJsonContext : JsonSerializerContext;
