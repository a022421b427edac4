namespace Louter.Host.Config;

/// <summary>The file's spelling of every enum-like setting, shared by the binder and the summary.</summary>
internal static class ConfigNames
{
    public static readonly ChoiceSet<BackendProtocolKind> Protocols = new(
    [
        ("openai", BackendProtocolKind.OpenAI),
        ("openai-responses", BackendProtocolKind.OpenAIResponses),
        ("anthropic", BackendProtocolKind.Anthropic),
        ("gemini", BackendProtocolKind.Gemini),
        ("mock", BackendProtocolKind.Mock),
    ]);

    public static readonly ChoiceSet<ToolFormat> ToolFormats = new(
    [
        ("json", ToolFormat.Json),
        ("xml", ToolFormat.Xml),
    ]);

    public static readonly ChoiceSet<Version> HttpVersions = new(
    [
        ("1.1", System.Net.HttpVersion.Version11),
        ("2", System.Net.HttpVersion.Version20),
    ]);

    public static readonly ChoiceSet<MaxTokensField> MaxTokensFields = new(
    [
        ("max_tokens", MaxTokensField.MaxTokens),
        ("max_completion_tokens", MaxTokensField.MaxCompletionTokens),
    ]);

    public static readonly ChoiceSet<RoutingStrategy> RoutingStrategies = new(
    [
        ("content-based", RoutingStrategy.ContentBased),
        ("model", RoutingStrategy.Model),
        ("priority", RoutingStrategy.Priority),
    ]);

    public static readonly ChoiceSet<LoadBalancing> LoadBalancings = new(
    [
        ("round-robin", LoadBalancing.RoundRobin),
        ("weighted", LoadBalancing.Weighted),
        ("least-connections", LoadBalancing.LeastConnections),
        ("latency", LoadBalancing.Latency),
    ]);

    public static readonly ChoiceSet<PersistenceProvider> PersistenceProviders = new(
    [
        ("sqlite", PersistenceProvider.Sqlite),
        ("postgresql", PersistenceProvider.PostgreSql),
    ]);

    public static readonly ChoiceSet<RequestLogCapture> RequestLogCaptures = new(
    [
        ("none", RequestLogCapture.None),
        ("metadata", RequestLogCapture.Metadata),
        ("full", RequestLogCapture.Full),
    ]);

    public static readonly ChoiceSet<LogFormat> LogFormats = new(
    [
        ("text", LogFormat.Text),
        ("json", LogFormat.Json),
    ]);

    // Microsoft.Extensions.Logging says "information" and "warning"; people copy those in, so they are accepted
    // and stored under the short names the rest of Louter compares against.
    public static readonly ChoiceSet<string> LogLevels = new(
        [("trace", "trace"), ("debug", "debug"), ("info", "info"), ("warn", "warn"), ("error", "error")],
        [("information", "info"), ("warning", "warn")]);

    /// <summary>[logging.levels] values: the levels above, and "off" to silence a category.</summary>
    public static readonly ChoiceSet<string> CategoryLogLevels = new(
        [("trace", "trace"), ("debug", "debug"), ("info", "info"), ("warn", "warn"), ("error", "error"), ("off", "off")],
        [("information", "info"), ("warning", "warn"), ("none", "off")]);

    /// <summary>cache.backend and rate_limit.backend.</summary>
    public static readonly ChoiceSet<string> StateBackends = new([("memory", "memory"), ("redis", "redis")]);

    /// <summary>What a backend can take in or do; a request needing something a backend lacks is not routed to it.</summary>
    /// "tools" is also accepted, as another spelling of "function_calling".
    public static readonly IReadOnlyList<string> Capabilities = Louter.Streams.Routing.Capabilities.Names;
}
