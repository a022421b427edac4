using Louter.Host.Hosting;
using Louter.Tests.EndToEnd.Support;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Louter.Tests.EndToEnd;

/// <summary>Backend keys and admin tokens never reach logs, error bodies or admin output, even at trace level.</summary>
public sealed class SecretsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Secrets_NeverAppearInLogsOrResponses()
    {
        const string backendKey = "sk-very-secret-backend-key-0001";
        const string adminToken = "admin-token-very-secret-0002";
        var logs = new CapturingLoggerProvider();
        await using var upstream = await MockUpstream.StartAsync();
        await using var louter = await LouterInstance.StartAsync($$"""
            [logging]
            level = "trace"
            [auth]
            admin_token = "{{adminToken}}"
            [backends.keyed]
            url = "{upstream}"
            api_key = "{{backendKey}}"
            timeout = "500ms"
            """, upstream.BaseUrl, options: new LouterAppOptions
            {
                ConfigureLogging = b =>
                {
                    b.SetMinimumLevel(LogLevel.Trace);
                    b.AddProvider(logs);
                },
            });

        var bodies = new List<string>();
        foreach (var model in new[] { "echo", "status-401", "status-403", "status-429", "status-500", "hang" })
        {
            using var response = await louter.PostChatAsync($$"""{"model":"{{model}}","messages":[{"role":"user","content":"x"}]}""", Ct);
            bodies.Add(await response.Content.ReadAsStringAsync(Ct));
            bodies.AddRange(response.Headers.Select(h => $"{h.Key}: {string.Join(",", h.Value)}"));
        }
        using var admin = new HttpRequestMessage(HttpMethod.Get, "/admin/backends");
        admin.Headers.Authorization = new("Bearer", adminToken);
        using var adminResponse = await louter.Http.SendAsync(admin, Ct);
        bodies.Add(await adminResponse.Content.ReadAsStringAsync(Ct));

        // The upstream did receive the key: the test looks in the right places.
        Assert.Equal($"Bearer {backendKey}", upstream.Last("echo").Headers["authorization"]);
        Assert.NotEmpty(logs.Lines);
        foreach (var text in bodies.Concat(logs.Lines))
        {
            Assert.DoesNotContain(backendKey, text, StringComparison.Ordinal);
            Assert.DoesNotContain(adminToken, text, StringComparison.Ordinal);
        }
    }
}
