using Louter.Host.Config;
using Xunit;

namespace Louter.Tests.Config;

public sealed class ConfigSummaryTests
{
    private const string Toml = """
        [server]
        listen = "0.0.0.0:9090"
        data_dir = "/srv/louter"

        [backends.cloud]
        url = "https://user:hunter2@api.example.com/v1?key=query-secret#frag"
        api_key = "${OPENAI_API_KEY}"
        capabilities = ["text", "vision"]
        priority = 2

        [backends.cloud.model_mapping]
        "gpt-4o" = "gpt-4o-2024-08-06"

        [backends.mock]
        protocol = "mock"
        models = ["louter-mock"]

        [auth]
        admin_token = "${LOUTER_ADMIN_TOKEN}"

        [persistence]
        provider = "postgresql"
        connection_string = "Host=db;Password=${PGPASSWORD}"

        [cache]
        enabled = true
        """;

    [Fact]
    public void Render_NeverContainsSecrets()
    {
        var summary = ConfigSummary.Render(ConfigTestSupport.ParseValid(Toml));

        foreach (var secret in new[] { ConfigTestSupport.OpenAIKey, ConfigTestSupport.AdminToken, ConfigTestSupport.PgPassword, "hunter2", "query-secret", "frag", "Host=db" })
        {
            Assert.DoesNotContain(secret, summary, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Render_ShowsWhereItListensAndWhatEachBackendServes()
    {
        var summary = ConfigSummary.Render(ConfigTestSupport.ParseValid(Toml));

        Assert.Contains("listen:       0.0.0.0:9090", summary, StringComparison.Ordinal);
        Assert.Contains("data dir:     /srv/louter", summary, StringComparison.Ordinal);
        Assert.Contains("persistence:  postgresql (connection string set)", summary, StringComparison.Ordinal);
        Assert.Contains("admin api:    bearer token set", summary, StringComparison.Ordinal);
        Assert.Contains("  cloud: openai  https://api.example.com/v1", summary, StringComparison.Ordinal);
        Assert.Contains("api key: set", summary, StringComparison.Ordinal);
        Assert.Contains("1 mapped: gpt-4o -> gpt-4o-2024-08-06", summary, StringComparison.Ordinal);
        Assert.Contains("capabilities: text, vision", summary, StringComparison.Ordinal);
        Assert.Contains("priority 2", summary, StringComparison.Ordinal);
        Assert.Contains("  mock: mock", summary, StringComparison.Ordinal);
        Assert.Contains("lists louter-mock; any model name, passed through", summary, StringComparison.Ordinal);
        Assert.Contains("configured, not active yet: [cache]", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_DefaultConfigWithKeys_ShowsNoKeyValue()
    {
        var config = DefaultConfig.Create(ConfigTestSupport.ExampleEnv);

        var summary = ConfigSummary.Render(config);

        Assert.Contains("(built-in default)", summary, StringComparison.Ordinal);
        Assert.Contains("openai: openai  https://api.openai.com/v1", summary, StringComparison.Ordinal);
        Assert.DoesNotContain(ConfigTestSupport.OpenAIKey, summary, StringComparison.Ordinal);
        Assert.DoesNotContain(ConfigTestSupport.AnthropicKey, summary, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://localhost:11211", "http://localhost:11211")]
    [InlineData("https://key:secret@example.com:8443/v1/?token=abc", "https://example.com:8443/v1/")]
    [InlineData("https://example.com/#x", "https://example.com/")]
    public void SafeUrl_DropsUserInfoQueryAndFragment(string url, string expected)
    {
        Assert.Equal(expected, ConfigSummary.SafeUrl(url));
    }

    [Fact]
    public void Render_TracingOn_NamesTheCollectorWithoutCredentials()
    {
        var summary = ConfigSummary.Render(ConfigTestSupport.ParseValid("[tracing]\notlp_endpoint = \"https://u:p@otel.example:4318/?token=secret\"\nsample_ratio = 0.25"));

        Assert.Contains("tracing:      OTLP/HTTP to https://otel.example:4318", summary, StringComparison.Ordinal);
        Assert.Contains("sample ratio 0.25", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("u:p", summary, StringComparison.Ordinal);
    }
}
