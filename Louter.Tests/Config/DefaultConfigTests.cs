using Louter.Host.Config;
using Xunit;

namespace Louter.Tests.Config;

public sealed class DefaultConfigTests
{
    [Fact]
    public void Create_WithoutProviderKeys_HasOnlyTheMockBackend()
    {
        var config = DefaultConfig.Create(ConfigTestSupport.NoEnv);

        var mock = Assert.Single(config.Backends);
        Assert.Equal("mock", mock.Name);
        Assert.Equal(BackendProtocolKind.Mock, mock.Protocol);
        Assert.Equal(["louter-mock"], mock.Models);
        Assert.Equal(TimeSpan.FromMilliseconds(20), mock.ChunkDelay);
        Assert.Empty(mock.ModelMapping);
        Assert.Equal(new ServerConfig(), config.Server);
        Assert.Null(config.SourcePath);
        Assert.Empty(config.InactiveSections);
    }

    [Fact]
    public void Create_WithProviderKeys_AddsABackendPerProviderWithItsOwnModels()
    {
        var env = ConfigTestSupport.Env(new Dictionary<string, string>
        {
            ["OPENAI_API_KEY"] = "sk-o",
            ["ANTHROPIC_API_KEY"] = "sk-a",
            ["GEMINI_API_KEY"] = "g-key",
        });

        var config = DefaultConfig.Create(env);

        Assert.Equal(["mock", "openai", "anthropic", "gemini"], config.Backends.Select(b => b.Name));
        var openai = config.Backends[1];
        Assert.Equal(("https://api.openai.com/v1", BackendProtocolKind.OpenAI, "sk-o"), (openai.Url, openai.Protocol, openai.ApiKey));
        Assert.Equal(MaxTokensField.MaxCompletionTokens, openai.MaxTokensField);
        Assert.Equal("gpt-4o", openai.ModelMapping["gpt-4o"]);
        var anthropic = config.Backends[2];
        Assert.Equal(("https://api.anthropic.com", BackendProtocolKind.Anthropic, "sk-a"), (anthropic.Url, anthropic.Protocol, anthropic.ApiKey));
        Assert.Contains("claude-sonnet-4-5", anthropic.ModelMapping.Keys);
        var gemini = config.Backends[3];
        Assert.Equal(("https://generativelanguage.googleapis.com", BackendProtocolKind.Gemini, "g-key"), (gemini.Url, gemini.Protocol, gemini.ApiKey));
        Assert.Contains("gemini-2.5-flash", gemini.ModelMapping.Keys);
        Assert.DoesNotContain(config.Backends.Skip(1), b => b.ModelMapping.ContainsKey(DefaultConfig.MockModel));
    }

    [Fact]
    public void Create_EmptyProviderKey_CountsAsUnset()
    {
        var config = DefaultConfig.Create(ConfigTestSupport.Env(new Dictionary<string, string> { ["ANTHROPIC_API_KEY"] = "" }));

        Assert.Equal(["mock"], config.Backends.Select(b => b.Name));
    }
}
