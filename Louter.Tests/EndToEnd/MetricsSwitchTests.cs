using System.Net;
using Louter.Host.Config;
using Louter.Tests.EndToEnd.Support;
using Xunit;

namespace Louter.Tests.EndToEnd;

/// <summary>[metrics] enabled = false: no /metrics endpoint, requests still answered.</summary>
public sealed class MetricsSwitchTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MetricsOff_NoMetricsEndpoint_RequestsStillAnswered()
    {
        await using var louter = await LouterInstance.StartAsync("""
            [metrics]
            enabled = false

            [backends.mock]
            protocol = "mock"
            """);

        using var answer = await louter.PostChatAsync("""{"model":"louter-mock","stream":true,"messages":[{"role":"user","content":"hi"}]}""", Ct);
        using var scrape = await louter.Http.GetAsync("/metrics", Ct);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("[DONE]", await answer.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, scrape.StatusCode);
    }

    [Fact]
    public async Task MetricsOn_ByDefault_ServesMetrics()
    {
        await using var louter = await LouterInstance.StartAsync("""
            [backends.mock]
            protocol = "mock"
            """);

        using var scrape = await louter.Http.GetAsync("/metrics", Ct);

        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
    }

    [Fact]
    public void MetricsSection_UnknownKey_IsAnError()
    {
        var loaded = ConfigLoader.Parse("[metrics]\nenabled = false\nport = 9100\n", "t.toml", _ => null);

        Assert.False(loaded.Ok);
        Assert.Contains(loaded.Errors, e => e.ToString().Contains("port", StringComparison.Ordinal));
    }
}
