using Louter.Streams.Errors;
using Louter.Streams.Routing.Balancing;
using Louter.Streams.Routing.Strategies;

namespace Louter.Streams.Routing;

/// <summary>
/// Chooses the ordered candidates for a request (the order is the failover order):
/// 1. refuse while the table is incomplete (a starting node does not know forced-open circuits yet);
/// 2. candidates: backends whose model_mapping lists the model, else backends without a mapping
///    (they serve any name, passed through); none → 404 model_not_found;
/// 3. the strategy narrows them (content-based: capabilities, context window) → 400 when none is left;
/// 4. the healthy ones (circuit not open) are ordered by the strategy and the balancing policy;
/// 5. each candidate's fallback chain follows, in that order, without repeats or open circuits;
/// 6. nothing healthy → 503 naming the open circuits.
/// Pure apart from the policies' own state (round-robin turns, load): no logging, no metrics —
/// the route stage counts the decision and the host logs <see cref="RouteResult.Reason"/>.
/// </summary>
public sealed class Router
{
    private readonly IRoutingStrategy _strategy;
    private readonly ILoadBalancingPolicy _balancer;
    private readonly BackendLoad _load;

    public Router(RoutingOptions options, BackendLoad load, Func<double> random)
    {
        _load = load;
        Options = options;
        _strategy = RoutingStrategies.Create(options.Strategy);
        _balancer = LoadBalancingPolicies.Create(options.LoadBalancing, load, random);
    }

    /// <summary>Content-based, round-robin, no price table: what an unconfigured gateway does.</summary>
    public static Router CreateDefault() => new(new RoutingOptions(), new BackendLoad(), Random.Shared.NextDouble);

    public RoutingOptions Options { get; }

    public RouteResult Route(RoutingTable table, RouteRequest request)
    {
        var mode = _strategy.Name;
        if (!table.IsComplete)
        {
            return Failed(mode, RouteOutcomes.Starting, "table not complete", new GatewayError(GatewayErrorKind.Unavailable,
                "Louter is starting: the backends' states are still being loaded. Retry shortly.")
            { Code = "starting", RetryAfter = TimeSpan.FromSeconds(1) });
        }

        var context = new RouteContext(request, Options);
        var eligible = new List<RouteCandidate>();
        Collect(table, request.Model, mapped: true, eligible);
        var how = "mapped";
        if (eligible.Count == 0)
        {
            Collect(table, request.Model, mapped: false, eligible);
            how = "passed through";
        }

        if (eligible.Count == 0)
        {
            return Failed(mode, RouteOutcomes.ModelNotFound, "no backend serves the model", new GatewayError(GatewayErrorKind.NotFound,
                $"The model `{request.Model}` does not exist or no configured backend serves it.")
            { Param = "model", Code = "model_not_found" });
        }

        // Config order is the order every tie falls back to (the table holds backends in it; a hand-built one may not).
        if (eligible.Count > 1) StableSort.By(eligible, 0, eligible.Count, [.. eligible.Select(c => c.Backend.Order)]);
        var served = eligible.Count;
        if (_strategy.Filter(eligible, context) is { } refused)
        {
            return Failed(mode, refused.Outcome, $"{served} backend(s) serve `{request.Model}`, none can take it", refused.Error);
        }

        var healthy = new List<RouteCandidate>(eligible.Count);
        var open = new List<RouteCandidate>();
        foreach (var c in eligible)
        {
            var status = table.Find(c.Backend.Name)!.Status;
            if (status.TryAdmit()) healthy.Add(WithTrial(c, status));
            else open.Add(c);
        }

        _strategy.Order(healthy, context, _balancer);
        DemoteRateLimited(healthy, context);
        var primaries = healthy.Count;
        AppendFallbacks(table, healthy, open, context);
        if (!Options.Explain && healthy.Count > 0)
            return RouteResult.Ok(healthy) with { Mode = mode, Outcome = primaries > 0 ? RouteOutcomes.Routed : RouteOutcomes.Fallback };

        var reason = $"needs {Capabilities.Label(request.Needs)}; {served} serve `{request.Model}` ({how}), {eligible.Count} can take it"
            + (open.Count > 0 ? $", circuit open: {string.Join(", ", open.Select(c => c.Backend.Name))}" : "")
            + $"; {string.Join(", ", context.Notes)}";

        if (healthy.Count == 0)
        {
            return Failed(mode, RouteOutcomes.Unavailable, reason, new GatewayError(GatewayErrorKind.Unavailable,
                $"No backend is available for model `{request.Model}`: the circuit of {string.Join(", ", open.Select(s => $"'{s.Backend.Name}'"))} is open.")
            { Code = "backend_unavailable", RetryAfter = TimeSpan.FromSeconds(5) });
        }

        return RouteResult.Ok(healthy) with
        {
            Mode = mode,
            Outcome = primaries > 0 ? RouteOutcomes.Routed : RouteOutcomes.Fallback,
            Reason = $"{reason} → {string.Join(" > ", healthy.Select(c => c.Backend.Name))}",
        };
    }

    /// <summary>Marks an admitted half-open candidate with the permit it took.</summary>
    private static RouteCandidate WithTrial(RouteCandidate candidate, BackendStatus status) =>
        status.Circuit == CircuitState.HalfOpen && status.Probes is { } permits ? candidate with { Trial = permits } : candidate;

    private static RouteResult Failed(string mode, string outcome, string reason, GatewayError error) =>
        RouteResult.Fail(error) with { Mode = mode, Outcome = outcome, Reason = $"{reason}: {error.Message}" };

    private static void Collect(RoutingTable table, string model, bool mapped, List<RouteCandidate> into)
    {
        foreach (var routed in table.Backends)
        {
            var d = routed.Descriptor;
            if (mapped)
            {
                if (d.ModelMapping.TryGetValue(model, out var upstream)) into.Add(new RouteCandidate(d, upstream));
            }
            else if (d.ModelMapping.Count == 0)
            {
                into.Add(new RouteCandidate(d, model));
            }
        }
    }

    /// <summary>
    /// Follows each candidate's fallback chain — the healthy ones in their chosen order, then the
    /// open ones in config order, so an open primary still hands over to its stand-by. A fallback
    /// gets the model under its own mapping when it lists it, else the client's name unchanged.
    /// Cycles are rejected at config load; the visited set only guards against repeats.
    /// </summary>
    /// <summary>
    /// A backend that answered 429 with a Retry-After still running goes after the others (kept in
    /// order among themselves): it asked for a pause, and the next candidate can answer now. It stays
    /// a candidate, so it is still tried when nothing else can serve.
    /// </summary>
    private void DemoteRateLimited(List<RouteCandidate> ordered, RouteContext context)
    {
        if (ordered.Count < 2) return;
        List<RouteCandidate>? limited = null;
        for (var i = 0; i < ordered.Count; i++)
        {
            if (!_load.IsRateLimited(ordered[i].Backend.Name)) continue;
            (limited ??= []).Add(ordered[i]);
        }
        if (limited is null || limited.Count == ordered.Count) return;
        ordered.RemoveAll(limited.Contains);
        ordered.AddRange(limited);
        context.Notes.Add($"rate-limited (Retry-After): {string.Join(", ", limited.Select(c => c.Backend.Name))} last");
    }

    private void AppendFallbacks(RoutingTable table, List<RouteCandidate> ordered, List<RouteCandidate> open, RouteContext context)
    {
        if (!ordered.Concat(open).Any(c => c.Backend.Fallback is not null)) return;

        var seen = new HashSet<string>(ordered.Select(c => c.Backend.Name).Concat(open.Select(c => c.Backend.Name)), StringComparer.Ordinal);
        var starts = ordered.Concat(open).ToList();
        foreach (var start in starts)
        {
            var next = start.Backend.Fallback;
            while (next is not null && table.Find(next) is { } routed)
            {
                var d = routed.Descriptor;
                next = d.Fallback;
                if (!seen.Add(d.Name) || !_strategy.Admits(d, context)) continue;
                if (!routed.Status.TryAdmit())
                {
                    open.Add(new RouteCandidate(d, context.Request.Model));
                    continue;
                }

                ordered.Add(WithTrial(new RouteCandidate(d, d.ModelMapping.TryGetValue(context.Request.Model, out var upstream) ? upstream : context.Request.Model), routed.Status));
                context.Notes.Add($"fallback {start.Backend.Name} → {d.Name}");
            }
        }
    }
}
