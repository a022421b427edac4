using System.Text.Json;
using Akka.Actor;
using Akka.Hosting;
using Louter.Actors.Backends;
using Louter.Streams.Routing;

namespace Louter.Host.Admin;

/// <summary>
/// The operator's API under /admin: backends and their circuits. Reads come from this node's
/// routing table (what routing actually obeys); writes go to the backend's entity, which persists
/// the change and publishes it to every node.
/// </summary>
internal static class AdminEndpoints
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    // A listing must not hang on one slow entity: its health is then shown as null.
    private static readonly TimeSpan HealthTimeout = TimeSpan.FromSeconds(2);

    public static void MapAdmin(this IEndpointRouteBuilder app, string? adminToken)
    {
        var admin = app.MapGroup("/admin").AddEndpointFilter(new AdminAccessFilter(adminToken));

        admin.MapGet("/backends", async (RoutingTableHolder table, IRequiredActor<BackendRegionKey> region, CancellationToken cancellationToken) =>
        {
            var backends = table.Current.Backends;
            var health = await Task.WhenAll(backends.Select(b => HealthAsync(region.ActorRef, b.Descriptor.Name, cancellationToken)));
            return Results.Json(backends.Select((b, i) => View(b, health[i])).ToList(), AdminJson.Writer.ListBackendView);
        });

        admin.MapPost("/backends/{name}/circuit", ForceCircuitAsync);
        admin.MapDiagnostics();
    }

    private static async Task<IResult> ForceCircuitAsync(string name, HttpRequest request, RoutingTableHolder table, IRequiredActor<BackendRegionKey> region, CancellationToken cancellationToken)
    {
        if (table.Current.Find(name) is null)
            return AdminResults.Error(StatusCodes.Status404NotFound, $"No backend named '{name}' is configured.");

        CircuitRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync(request.Body, AdminJsonContext.Default.CircuitRequest, cancellationToken);
        }
        catch (JsonException)
        {
            body = null;
        }

        ForcedCircuit? mode = body?.State switch
        {
            "open" => ForcedCircuit.Open,
            "closed" => ForcedCircuit.Closed,
            "auto" => ForcedCircuit.None,
            _ => null,
        };
        if (mode is null)
            return AdminResults.Error(StatusCodes.Status400BadRequest, "Send {\"state\": \"open\" | \"closed\" | \"auto\"}.");

        BackendStateChanged state;
        try
        {
            state = await region.ActorRef.Ask<BackendStateChanged>(new ForceCircuit(name, mode.Value), AskTimeout, cancellationToken);
        }
        catch (AskTimeoutException)
        {
            return AdminResults.Error(StatusCodes.Status503ServiceUnavailable, $"Backend '{name}' did not confirm the change within {AskTimeout.TotalSeconds:0}s; it may still apply.");
        }

        // The entity also publishes the change; applying the reply here makes it visible at once.
        table.Apply(name, state.ToStatus());
        var health = await HealthAsync(region.ActorRef, name, cancellationToken);
        return Results.Json(View(table.Current.Find(name)!, health), AdminJson.Writer.BackendView);
    }

    private static async Task<BackendHealth?> HealthAsync(IActorRef region, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await region.Ask<BackendHealth>(new GetBackendHealth(name), HealthTimeout, cancellationToken);
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }

    private static BackendView View(RoutedBackend backend, BackendHealth? health)
    {
        var status = backend.Status;
        string? forced = !status.Forced ? null : status.Circuit == CircuitState.Open ? "open" : "closed";
        return new BackendView(
            backend.Descriptor.Name,
            ProtocolName(backend.Descriptor.Protocol),
            backend.Descriptor.DisplayUrl,
            CircuitName(status.Circuit),
            status.Forced,
            forced,
            status.Up)
        {
            Health = health is null ? null : new HealthView(
                CircuitName(health.HealthCircuit), health.OpenUntil, health.Trip, health.RequestsInWindow, health.FailuresInWindow,
                health.RateLimitedInWindow, health.ConsecutiveFailures, health.Reason, health.LastHealthCheck, health.LastHealthCheckOk),
        };
    }

    private static string CircuitName(CircuitState circuit) => circuit switch
    {
        CircuitState.Open => "open",
        CircuitState.HalfOpen => "half_open",
        _ => "closed",
    };

    private static string ProtocolName(BackendProtocol protocol) => protocol switch
    {
        BackendProtocol.OpenAI => "openai",
        BackendProtocol.OpenAIResponses => "openai-responses",
        BackendProtocol.Anthropic => "anthropic",
        BackendProtocol.Gemini => "gemini",
        _ => "mock",
    };
}
