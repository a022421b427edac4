namespace Louter.Host.Config;

/// <summary>Binds [routing]: strategy, prefer_text_model, load_balancing.</summary>
internal static class RoutingBinder
{
    public static RoutingConfig Bind(TomlSection section)
    {
        var defaults = new RoutingConfig();
        var config = new RoutingConfig
        {
            Strategy = section.TryGetChoice("strategy", ConfigNames.RoutingStrategies, out var strategy) ? strategy : defaults.Strategy,
            PreferTextModel = section.GetBool("prefer_text_model") ?? defaults.PreferTextModel,
            LoadBalancing = section.TryGetChoice("load_balancing", ConfigNames.LoadBalancings, out var lb) ? lb : defaults.LoadBalancing,
        };
        section.ReportUnknownKeys();
        return config;
    }
}
