using Louter.Host.Config;
using Louter.Streams.Routing;
using Louter.Streams.Routing.Balancing;
using Louter.Streams.Routing.Strategies;

namespace Louter.Host.Hosting;

/// <summary>Config backends → the descriptors the request path uses.</summary>
internal static class BackendDescriptors
{
    public static IReadOnlyList<BackendDescriptor> From(LouterConfig config) =>
        [.. config.Backends.Select((b, i) => new BackendDescriptor
        {
            Name = b.Name,
            Protocol = b.Protocol switch
            {
                BackendProtocolKind.OpenAI => BackendProtocol.OpenAI,
                BackendProtocolKind.OpenAIResponses => BackendProtocol.OpenAIResponses,
                BackendProtocolKind.Anthropic => BackendProtocol.Anthropic,
                BackendProtocolKind.Gemini => BackendProtocol.Gemini,
                _ => BackendProtocol.Mock,
            },
            BaseUrl = b.Url is null ? null : new Uri(b.Url),
            ApiKey = b.ApiKey,
            ModelMapping = b.ModelMapping,
            Capabilities = b.Capabilities,
            Priority = b.Priority,
            Weight = b.Weight,
            ContextWindow = b.ContextWindow,
            Price = b.Price is { } price ? new TokenPrice(price.Input, price.Output) : null,
            Fallback = b.Fallback,
            Order = i,
            MaxTokensField = b.MaxTokensField == MaxTokensField.MaxCompletionTokens ? MaxTokensFieldName.MaxCompletionTokens : MaxTokensFieldName.MaxTokens,
            XmlToolFormat = b.ToolFormat == ToolFormat.Xml,
            HttpVersion = b.HttpVersion,
            Timeout = b.Timeout,
            IdleTimeout = b.IdleTimeout,
            ChunkDelay = b.ChunkDelay,
            Models = b.Models,
        })];

    /// <summary>[routing] and the [cost_tracking.pricing] table → what the router needs.</summary>
    public static RoutingOptions RoutingOptions(LouterConfig config) => new()
    {
        Strategy = config.Routing.Strategy switch
        {
            RoutingStrategy.Model => RoutingStrategies.Model,
            RoutingStrategy.Priority => RoutingStrategies.Priority,
            _ => RoutingStrategies.ContentBased,
        },
        PreferTextModel = config.Routing.PreferTextModel,
        LoadBalancing = config.Routing.LoadBalancing switch
        {
            LoadBalancing.Weighted => LoadBalancingPolicies.Weighted,
            LoadBalancing.LeastConnections => LoadBalancingPolicies.LeastConnections,
            LoadBalancing.Latency => LoadBalancingPolicies.Latency,
            _ => LoadBalancingPolicies.RoundRobin,
        },
        ModelPrices = (config.CostTracking?.Pricing ?? new Dictionary<string, ModelPrice>())
            .ToDictionary(p => p.Key, p => new TokenPrice(p.Value.Input, p.Value.Output), StringComparer.Ordinal),
    };
}
