using System.Numerics;
using Louter.Streams.Classification;
using Louter.Streams.Errors;
using Louter.Streams.Routing.Balancing;

namespace Louter.Streams.Routing.Strategies;

/// <summary>
/// strategy = "content-based" (the default):
/// 1. keep the candidates whose capabilities cover the request's hard needs (<see cref="Capabilities.Hard"/>);
/// 2. keep those whose context_window holds the estimated input (a backend without one is not checked);
/// 3. order: backends that also cover the soft needs (reasoning, structured output) first, then
///    priority, then — prefer_text_model and a request without media — fewest capabilities and
///    lowest price, then the load-balancing policy among the candidates equal on all of these.
/// </summary>
internal sealed class ContentBasedStrategy : IRoutingStrategy
{
    public string Name => RoutingStrategies.ContentBased;

    public (GatewayError Error, string Outcome)? Filter(List<RouteCandidate> candidates, RouteContext context)
    {
        var request = context.Request;
        var hard = request.Needs & Capabilities.Hard;
        var offered = RequestNeeds.None;
        foreach (var c in candidates) offered |= c.Backend.Accepts;

        candidates.RemoveAll(c => (c.Backend.Accepts & hard) != hard);
        if (candidates.Count == 0)
        {
            var missing = hard & ~offered;
            var what = missing != RequestNeeds.None
                ? string.Join(" or ", Capabilities.Flags(missing).Select(Capabilities.Describe))
                : string.Join(" and ", Capabilities.Flags(hard & ~RequestNeeds.Text).Select(Capabilities.Describe)) + " together";
            var error = GatewayError.Invalid(
                $"No configured backend accepts {what} for model `{request.Model}`. The request needs: {Capabilities.Label(hard)}.",
                code: "unsupported_capability");
            return (error, RouteOutcomes.NoCapability);
        }

        if (candidates.Any(c => c.Backend.ContextWindow is not null))
        {
            var estimate = context.EstimatedTokens;
            var largest = candidates.Max(c => c.Backend.ContextWindow ?? long.MaxValue);
            candidates.RemoveAll(c => c.Backend.ContextWindow < estimate);
            context.Notes.Add($"~{estimate} input tokens");
            if (candidates.Count == 0)
            {
                var error = GatewayError.Invalid(
                    $"The request has about {estimate} input tokens (estimated); the largest context window of the backends serving `{request.Model}` is {largest} tokens.",
                    param: "messages", code: "context_length_exceeded");
                return (error, RouteOutcomes.ContextExceeded);
            }
        }

        return null;
    }

    public bool Admits(BackendDescriptor backend, RouteContext context)
    {
        var hard = context.Request.Needs & Capabilities.Hard;
        return (backend.Accepts & hard) == hard
            && (backend.ContextWindow is not { } window || window >= context.EstimatedTokens);
    }

    public void Order(List<RouteCandidate> candidates, RouteContext context, ILoadBalancingPolicy balancer)
    {
        var soft = context.Request.Needs & Capabilities.Soft;
        var preferText = context.Options.PreferTextModel && (context.Request.Needs & Capabilities.Media) == 0;
        var keys = new OrderKey[candidates.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            var backend = candidates[i].Backend;
            keys[i] = new OrderKey(
                BitOperations.PopCount((uint)(soft & ~backend.Accepts)),
                backend.Priority,
                preferText ? BitOperations.PopCount((uint)backend.Accepts) : 0,
                preferText ? context.PriceOf(candidates[i]) : 0);
        }

        StableSort.By(candidates, 0, candidates.Count, keys);

        // Balance each run of equal keys.
        for (var start = 0; start < candidates.Count;)
        {
            var end = start + 1;
            while (end < candidates.Count && keys[end].CompareTo(keys[start]) == 0) end++;
            if (end - start > 1) balancer.Order(candidates, start, end - start);
            start = end;
        }

        if (soft != RequestNeeds.None) context.Notes.Add($"prefers {Capabilities.Label(soft)}");
        context.Notes.Add(preferText ? $"prefer_text_model, then {balancer.Name}" : $"by priority, then {balancer.Name}");
    }

    private readonly record struct OrderKey(int SoftMissing, int Priority, int CapabilityCount, double Price) : IComparable<OrderKey>
    {
        public int CompareTo(OrderKey other)
        {
            var c = SoftMissing.CompareTo(other.SoftMissing);
            if (c == 0) c = Priority.CompareTo(other.Priority);
            if (c == 0) c = CapabilityCount.CompareTo(other.CapabilityCount);
            if (c == 0) c = Price.CompareTo(other.Price);
            return c;
        }
    }
}
