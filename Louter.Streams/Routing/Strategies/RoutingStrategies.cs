namespace Louter.Streams.Routing.Strategies;

/// <summary>The routing strategies by config name ([routing] strategy).</summary>
public static class RoutingStrategies
{
    /// <summary>Model name ∩ capabilities ∩ context window; priority, then prefer_text_model, then load balancing.</summary>
    public const string ContentBased = "content-based";

    /// <summary>Model name only; every candidate is balanced alike (priority and capabilities are not looked at).</summary>
    public const string Model = "model";

    /// <summary>Model name only; strictly by priority, then config order (no balancing): a primary and its stand-bys.</summary>
    public const string Priority = "priority";

    public static readonly IReadOnlyList<string> Names = [ContentBased, Model, Priority];

    public static IRoutingStrategy Create(string name) => name switch
    {
        ContentBased => new ContentBasedStrategy(),
        Model => new ModelStrategy(),
        Priority => new PriorityStrategy(),
        _ => throw new ArgumentException($"Unknown routing strategy \"{name}\"; expected one of: {string.Join(", ", Names)}.", nameof(name)),
    };
}
