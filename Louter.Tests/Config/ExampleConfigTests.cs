using Louter.Host.Config;
using Xunit;

namespace Louter.Tests.Config;

public sealed class ExampleConfigTests
{
    public static TheoryData<string> ExampleFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(ConfigTestSupport.ExamplesDirectory, "*.toml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ExampleFiles))]
    public void Load_ExampleFile_HasNoErrors(string fileName)
    {
        var result = ConfigLoader.Load(Path.Combine(ConfigTestSupport.ExamplesDirectory, fileName), ConfigTestSupport.ExampleEnv);

        Assert.True(result.Ok, string.Join(Environment.NewLine, result.Errors));
    }

    [Fact]
    public void ExamplesFolder_HoldsTheDocumentedFiles()
    {
        var names = Directory.GetFiles(ConfigTestSupport.ExamplesDirectory, "*.toml").Select(Path.GetFileName);

        Assert.Superset(
            new HashSet<string?> { "seed-roadmap.toml", "openai.toml", "local-and-cloud.toml", "mock.toml", "full.toml" },
            names.ToHashSet());
    }

    [Fact]
    public void Load_SeedRoadmap_BindsEverySectionAsWritten()
    {
        var result = ConfigLoader.Load(Path.Combine(ConfigTestSupport.ExamplesDirectory, "seed-roadmap.toml"), ConfigTestSupport.NoEnv);

        Assert.True(result.Ok, string.Join(Environment.NewLine, result.Errors));
        var config = result.Config;
        Assert.Equal(RoutingStrategy.ContentBased, config.Routing.Strategy);
        Assert.True(config.Routing.PreferTextModel);
        Assert.Equal(["text-model", "vision-model"], config.Backends.Select(b => b.Name));
        Assert.Equal(ToolFormat.Xml, config.Backends[1].ToolFormat);
        Assert.Equal(["text", "vision", "function_calling"], config.Backends[1].Capabilities);
        Assert.Equal("redis", config.Cache!.Backend);
        Assert.Equal(500, config.Cache.MaxMemoryMb);
        Assert.Equal(100, config.RateLimit!.Overrides["/v1/chat/completions"]);
        Assert.Equal(20, config.RateLimit.Overrides["gpt-4"]);
        Assert.Equal(new ModelPrice(0.0000015, 0.000002), config.CostTracking!.Pricing["gpt-3.5-turbo"]);
        Assert.Equal(2000.0, config.CostTracking.Budgets.MonthlyLimitUsd);
        Assert.Equal("https://hooks.slack.com/...", config.CostTracking.Budgets.AlertWebhook);
        Assert.Equal(["[cache]", "[rate_limit]", "[cost_tracking]"], config.InactiveSections);
    }

    [Fact]
    public void Load_FullReference_ReportsEveryNotYetBuiltFeatureInFileOrder()
    {
        var result = ConfigLoader.Load(Path.Combine(ConfigTestSupport.ExamplesDirectory, "full.toml"), ConfigTestSupport.ExampleEnv);

        Assert.True(result.Ok, string.Join(Environment.NewLine, result.Errors));
        Assert.Equal(
            ["[cache]", "[rate_limit]", "[cost_tracking]", "[cluster]"],
            result.Config.InactiveSections);
        Assert.Equal(ConfigTestSupport.AdminToken, result.Config.Auth.AdminToken);
        Assert.Equal(ConfigTestSupport.OpenAIKey, result.Config.Backends[0].ApiKey);
    }
}
