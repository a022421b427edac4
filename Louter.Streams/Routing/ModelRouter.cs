namespace Louter.Streams.Routing;

/// <summary>
/// Model-name routing without looking at the content: backends whose model_mapping lists the model,
/// else backends without a mapping; open circuits skipped; by priority, then config order (the
/// "priority" strategy). For callers that only have a model name (count_tokens).
/// </summary>
public static class ModelRouter
{
    private static readonly Router ByPriority = new(
        new RoutingOptions { Strategy = Strategies.RoutingStrategies.Priority }, new Balancing.BackendLoad(), static () => 0);

    public static RouteResult Route(RoutingTable table, string model) => ByPriority.Route(table, RouteRequest.ForModel(model));
}
