using Louter.Host.Config;
using Xunit;

namespace Louter.Tests.Config;

/// <summary>[responses]: whether Louter keeps responses for previous_response_id, and for how long.</summary>
public sealed class ResponsesConfigTests
{
    [Fact]
    public void Parse_NoSection_StoresForThirtyDays()
    {
        var config = ConfigTestSupport.ParseValid("""
            [server]
            listen = "127.0.0.1:8080"
            """);

        Assert.Equal(new ResponsesConfig { Store = true, Retention = TimeSpan.FromDays(30) }, config.Responses);
        Assert.Empty(config.InactiveSections);
    }

    [Theory]
    [InlineData("30d", 30 * 24)]
    [InlineData("36h", 36)]
    [InlineData("1d12h", 36)]
    public void Parse_Retention_IsADuration(string retention, int hours)
    {
        var config = ConfigTestSupport.ParseValid($"""
            [responses]
            store = false
            retention = "{retention}"
            """);

        Assert.False(config.Responses.Store);
        Assert.Equal(TimeSpan.FromHours(hours), config.Responses.Retention);
    }

    [Theory]
    [InlineData("retension = \"1d\"", "responses.retension", "did you mean \"retention\"?")]
    [InlineData("retention = \"30\"", "responses.retention", "write e.g. \"30s\"")]
    [InlineData("retention = 30", "responses.retention", "a duration is a string with a unit")]
    [InlineData("retention = \"0s\"", "responses.retention", "must be longer than zero")]
    [InlineData("retention = \"400d\"", "responses.retention", "longer than the largest duration")]
    [InlineData("store = \"yes\"", "responses.store", "expected a boolean")]
    public void Parse_BadResponsesSection_ReportsOneErrorAtTheKey(string line, string key, string message)
    {
        var result = ConfigTestSupport.Parse($"""
            [responses]
            {line}
            """);

        Assert.False(result.Ok);
        var error = Assert.Single(result.Errors);
        Assert.Equal((2, key), (error.Line, error.Key));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
