using Louter.Host.Hosting;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Louter.Tests.Config;

/// <summary>[logging.levels]: a level per logger category, validated at load, applied as logging filters.</summary>
public sealed class LoggingConfigTests
{
    [Fact]
    public void Parse_LevelsPerCategory_StoredUnderShortNames()
    {
        var config = ConfigTestSupport.ParseValid("""
            [logging.levels]
            "Louter.Host.Hosting.GatewayRuntime" = "debug"
            "Microsoft.AspNetCore" = "warning"
            "Akka" = "off"
            """);

        Assert.Equal(
            new Dictionary<string, string> { ["Louter.Host.Hosting.GatewayRuntime"] = "debug", ["Microsoft.AspNetCore"] = "warn", ["Akka"] = "off" },
            config.Logging.Levels);
    }

    [Fact]
    public void Parse_UnknownLevelName_IsReportedAtItsKeyWithASuggestion()
    {
        var result = ConfigTestSupport.Parse("""
            [logging.levels]
            "Louter.Host" = "debgu"
            "Louter.Streams" = "verbose"
            """);

        Assert.False(result.Ok);
        Assert.Collection(result.Errors,
            e =>
            {
                Assert.Equal((2, "logging.levels.\"Louter.Host\""), (e.Line, e.Key));
                Assert.Contains("did you mean \"debug\"?", e.Message, StringComparison.Ordinal);
            },
            e =>
            {
                Assert.Equal(3, e.Line);
                Assert.Contains("expected one of: trace, debug, info, warn, error, off", e.Message, StringComparison.Ordinal);
            });
    }

    [Fact]
    public void Parse_UnquotedDottedCategory_IsATypeError()
    {
        var result = ConfigTestSupport.Parse("""
            [logging.levels]
            Louter.Host = "debug"
            """);

        var error = Assert.Single(result.Errors);
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void Configure_CategoryLevels_OverrideTheGlobalLevelForThatPrefix()
    {
        var config = ConfigTestSupport.ParseValid("""
            [logging]
            level = "warn"
            [logging.levels]
            "Louter.Host.Hosting" = "debug"
            "Microsoft" = "info"
            "Akka" = "off"
            """);
        using var factory = LoggerFactory.Create(b => LoggingSetup.Configure(b, config.Logging));

        Assert.True(factory.CreateLogger("Louter.Host.Hosting.GatewayRuntime").IsEnabled(LogLevel.Debug));
        Assert.False(factory.CreateLogger("Louter.Host.Config.Loader").IsEnabled(LogLevel.Information));
        Assert.True(factory.CreateLogger("Microsoft.AspNetCore.Routing").IsEnabled(LogLevel.Information));
        Assert.False(factory.CreateLogger("Akka.Cluster").IsEnabled(LogLevel.Critical));
    }

    [Theory]
    [InlineData("info", false)]
    [InlineData("warn", false)]
    [InlineData("debug", true)]
    public void Configure_AspNetCoreHostingDiagnostics_AreOffUnlessDebugging(string level, bool enabled)
    {
        // While this logger is enabled at any level, ASP.NET Core starts an Activity and a log scope per request.
        var config = ConfigTestSupport.ParseValid($"[logging]\nlevel = \"{level}\"\n");
        using var factory = LoggerFactory.Create(b => LoggingSetup.Configure(b, config.Logging));

        Assert.Equal(enabled, factory.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Critical));
        Assert.True(factory.CreateLogger("Microsoft.AspNetCore.Routing").IsEnabled(LogLevel.Warning));
    }
}
