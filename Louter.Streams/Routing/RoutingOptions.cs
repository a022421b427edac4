namespace Louter.Streams.Routing;

/// <summary>The [routing] settings the request path needs, plus the price table prefer_text_model compares.</summary>
public sealed record RoutingOptions
{
    /// <summary>A routing strategy name (<see cref="Strategies.RoutingStrategies"/>).</summary>
    public string Strategy { get; init; } = Strategies.RoutingStrategies.ContentBased;

    /// <summary>Text-only requests go to the backend with the fewest capabilities, then the lowest price.</summary>
    public bool PreferTextModel { get; init; }

    /// <summary>
    /// Whether a successful decision says why (<see cref="RouteResult.Reason"/>, logged at debug). Off,
    /// the hot path skips formatting it; refusals always say why.
    /// </summary>
    public bool Explain { get; init; } = true;

    /// <summary>A load-balancing policy name (<see cref="Balancing.LoadBalancingPolicies"/>).</summary>
    public string LoadBalancing { get; init; } = Balancing.LoadBalancingPolicies.RoundRobin;

    /// <summary>[cost_tracking.pricing]: model name (client-facing or upstream) → price. A backend's own price wins.</summary>
    public IReadOnlyDictionary<string, TokenPrice> ModelPrices { get; init; } = new Dictionary<string, TokenPrice>();
}
