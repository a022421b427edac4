using Louter.Streams.Errors;

namespace Louter.Streams.Routing;

/// <summary>
/// Model-name routing (the foundation's strategy; content-based routing builds on it later):
/// 1. backends whose model_mapping lists the model are the candidates;
/// 2. if none lists it, backends without a model_mapping serve it under the same name;
/// 3. candidates whose circuit is open (automatically or forced) are dropped;
/// 4. the rest are ordered by priority (lower first), then by config order.
/// Until the table is complete (a node that has not yet heard every backend's persisted state),
/// nothing is chosen: a circuit an operator forced open must not be used during a restart.
/// </summary>
public static class ModelRouter
{
    public static RouteResult Route(RoutingTable table, string model)
    {
        if (!table.IsComplete)
        {
            return RouteResult.Fail(new GatewayError(GatewayErrorKind.Unavailable,
                "Louter is starting: the backends' states are still being loaded. Retry shortly.")
            { Code = "starting", RetryAfter = TimeSpan.FromSeconds(1) });
        }

        var candidates = new List<RouteCandidate>();
        var skipped = new List<string>();

        Collect(table, model, mapped: true, candidates, skipped);
        if (candidates.Count == 0 && skipped.Count == 0)
            Collect(table, model, mapped: false, candidates, skipped);

        if (candidates.Count == 0 && skipped.Count == 0)
        {
            return RouteResult.Fail(new GatewayError(GatewayErrorKind.NotFound,
                $"The model `{model}` does not exist or no configured backend serves it.")
            { Param = "model", Code = "model_not_found" });
        }

        if (candidates.Count == 0)
        {
            return RouteResult.Fail(new GatewayError(GatewayErrorKind.Unavailable,
                $"No backend is available for model `{model}`: the circuit of {string.Join(", ", skipped.Select(s => $"'{s}'"))} is open.")
            { Code = "backend_unavailable", RetryAfter = TimeSpan.FromSeconds(5) });
        }

        candidates.Sort(static (a, b) =>
            a.Backend.Priority != b.Backend.Priority
                ? a.Backend.Priority.CompareTo(b.Backend.Priority)
                : a.Backend.Order.CompareTo(b.Backend.Order));
        return RouteResult.Ok(candidates);
    }

    private static void Collect(RoutingTable table, string model, bool mapped, List<RouteCandidate> candidates, List<string> skipped)
    {
        foreach (var routed in table.Backends)
        {
            var d = routed.Descriptor;
            string? upstream;
            if (mapped)
            {
                if (!d.ModelMapping.TryGetValue(model, out upstream)) continue;
            }
            else
            {
                if (d.ModelMapping.Count != 0) continue;
                upstream = model;
            }

            if (routed.Status.TryAdmit()) candidates.Add(new RouteCandidate(d, upstream));
            else skipped.Add(d.Name);
        }
    }
}
