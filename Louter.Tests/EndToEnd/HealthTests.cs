using System.Text.Json;
using Louter.Tests.EndToEnd.Support;
using Xunit;

namespace Louter.Tests.EndToEnd;

public sealed class HealthTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Health_IsOk()
    {
        using var doc = JsonDocument.Parse(await gateway.Louter.Http.GetStringAsync("/health", Ct));
        Assert.Equal("ok", doc.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_ReportsConfigClusterAndPersistence()
    {
        using var response = await gateway.Louter.Http.GetAsync("/health/ready", Ct);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));

        response.EnsureSuccessStatusCode();
        Assert.Equal("ready", doc.RootElement.GetProperty("status").GetString());
        var checks = doc.RootElement.GetProperty("checks");
        Assert.Equal("ok", checks.GetProperty("config").GetString());
        Assert.Equal("up", checks.GetProperty("cluster").GetString());
        Assert.Equal("ok", checks.GetProperty("persistence").GetString());
    }
}
