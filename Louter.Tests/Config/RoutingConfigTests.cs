using Xunit;
using Louter.Host.Config;

namespace Louter.Tests.Config;

/// <summary>[routing] and the routing keys of a backend: strategy, load_balancing, capabilities, context_window, price, fallback.</summary>
public sealed class RoutingConfigTests
{
    public static TheoryData<string, string, int, string, string> BadFiles() => new()
    {
        {
            "unknown strategy",
            """
            [routing]
            strategy = "content_based"
            """,
            2, "routing.strategy", "unknown value \"content_based\"; expected one of: content-based, model, priority; did you mean \"content-based\"?"
        },
        {
            "unknown load balancing",
            """
            [routing]
            load_balancing = "round_robin"
            """,
            2, "routing.load_balancing", "expected one of: round-robin, weighted, least-connections, latency; did you mean \"round-robin\"?"
        },
        {
            "misspelt capability",
            """
            [backends.a]
            url = "http://localhost:8000"
            capabilities = ["text", "vison"]
            """,
            3, "backends.a.capabilities", "unknown capability \"vison\"; expected any of: text, vision, audio, video, document, function_calling, structured_output, reasoning; did you mean \"vision\"?"
        },
        {
            "context window of zero",
            """
            [backends.a]
            url = "http://localhost:8000"
            context_window = 0
            """,
            3, "backends.a.context_window", "at least 1"
        },
        {
            "price without output",
            """
            [backends.a]
            url = "http://localhost:8000"
            price = { input = 0.001 }
            """,
            3, "backends.a.price.output", "is required"
        },
        {
            "fallback to an unknown backend",
            """
            [backends.primary]
            url = "http://localhost:8000"
            fallback = "secondry"

            [backends.secondary]
            url = "http://localhost:8001"
            """,
            3, "backends.primary.fallback", "no backend is named \"secondry\"; configured backends: primary, secondary; did you mean \"secondary\"?"
        },
        {
            "fallback to itself",
            """
            [backends.a]
            url = "http://localhost:8000"
            fallback = "a"
            """,
            3, "backends.a.fallback", "fallback chains must not loop: a -> a"
        },
        {
            "fallback cycle of two, reported once",
            """
            [backends.a]
            url = "http://localhost:8000"
            fallback = "b"

            [backends.b]
            url = "http://localhost:8001"
            fallback = "a"
            """,
            3, "backends.a.fallback", "fallback chains must not loop: a -> b -> a"
        },
        {
            "fallback cycle further down a chain, reported at its first member",
            """
            [backends.a]
            url = "http://localhost:8000"
            fallback = "b"

            [backends.b]
            url = "http://localhost:8001"
            fallback = "c"

            [backends.c]
            url = "http://localhost:8002"
            fallback = "b"
            """,
            7, "backends.b.fallback", "fallback chains must not loop: b -> c -> b"
        },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Parse_BadRoutingConfig_ReportsOneErrorAtLineAndKey(string description, string toml, int line, string key, string message)
    {
        var result = ConfigTestSupport.Parse(toml);

        Assert.False(result.Ok, description);
        var error = Assert.Single(result.Errors);
        Assert.Equal(line, error.Line);
        Assert.Equal(key, error.Key);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RoutingKeys_AreBound()
    {
        var config = ConfigTestSupport.ParseValid("""
            [routing]
            strategy = "priority"
            prefer_text_model = true
            load_balancing = "latency"

            [backends.a]
            url = "http://localhost:8000"
            capabilities = ["text", "tools", "function_calling", "video"]
            context_window = 128000
            price = { input = 0.000001, output = 0.000002 }
            fallback = "b"

            [backends.b]
            url = "http://localhost:8001"
            fallback = "c"

            [backends.c]
            url = "http://localhost:8002"
            """);

        Assert.Equal(RoutingStrategy.Priority, config.Routing.Strategy);
        Assert.True(config.Routing.PreferTextModel);
        Assert.Equal(LoadBalancing.Latency, config.Routing.LoadBalancing);
        var a = config.Backends[0];
        Assert.Equal(["text", "function_calling", "video"], a.Capabilities);
        Assert.Equal(128000, a.ContextWindow);
        Assert.Equal(new ModelPrice(0.000001, 0.000002), a.Price);
        Assert.Equal("b", a.Fallback);
        Assert.Null(config.Backends[2].Fallback);
        Assert.Empty(config.InactiveSections);
    }

    [Fact]
    public void Parse_Defaults_ContentBasedRoundRobin()
    {
        var config = ConfigTestSupport.ParseValid("[routing]");

        Assert.Equal(RoutingStrategy.ContentBased, config.Routing.Strategy);
        Assert.Equal(LoadBalancing.RoundRobin, config.Routing.LoadBalancing);
        Assert.False(config.Routing.PreferTextModel);
    }

    [Fact]
    public void Summary_ShowsRoutingAndTheNewBackendKeys()
    {
        var summary = ConfigSummary.Render(ConfigTestSupport.ParseValid("""
            [routing]
            prefer_text_model = true
            load_balancing = "weighted"
            [backends.a]
            url = "http://localhost:8000"
            context_window = 8192
            fallback = "b"
            [backends.b]
            url = "http://localhost:8001"
            """));

        Assert.Contains("routing:      content-based, weighted, prefer text model", summary, StringComparison.Ordinal);
        Assert.Contains("context window 8192, fallback b", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("not active yet", summary, StringComparison.Ordinal);
    }
}
