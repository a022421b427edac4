using Louter.Tests.EndToEnd.Support;
using Xunit;

namespace Louter.Tests.EndToEnd;

/// <summary>GET /metrics serves Prometheus text with Louter's series, labelled by backend name only.</summary>
public sealed class MetricsTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Metrics_CountAttemptsByBackendAndOutcome_WithoutSecrets()
    {
        using var ok = await gateway.Louter.PostChatAsync("""{"model":"gpt-test","messages":[{"role":"user","content":"count me"}]}""", Ct);
        using var failed = await gateway.Louter.PostChatAsync("""{"model":"status-503","messages":[{"role":"user","content":"x"}]}""", Ct);

        var text = await gateway.Louter.Http.GetStringAsync("/metrics", Ct);

        Assert.Matches("""louter_backend_requests_total\{backend="mapped",outcome="success"\} [1-9]""", text);
        Assert.Matches("""louter_backend_requests_total\{backend="passthrough",outcome="overloaded"\} [1-9]""", text);
        Assert.DoesNotContain(GatewayFixture.BackendKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", text, StringComparison.Ordinal);
    }
}
