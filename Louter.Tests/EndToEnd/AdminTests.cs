using System.Net;
using System.Net.Http.Headers;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text.Json;
using Louter.Tests.EndToEnd.Support;
using Xunit;

namespace Louter.Tests.EndToEnd;

/// <summary>The admin API: listing backends, flipping circuits, and who may do it.</summary>
public sealed class AdminTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string TwoBackends = """
        [backends.primary]
        url = "{upstream}"
        priority = 1
        [backends.primary.model_mapping]
        "m" = "echo-primary"

        [backends.secondary]
        url = "{upstream}/v1"
        priority = 2
        [backends.secondary.model_mapping]
        "m" = "echo-secondary"
        """;

    internal static async Task<JsonElement> SetCircuitAsync(HttpClient http, string backend, string state, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await http.PostAsync($"/admin/backends/{backend}/circuit",
            new StringContent($$"""{"state":"{{state}}"}""", new MediaTypeHeaderValue("application/json")), Ct);
        var json = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(expected == response.StatusCode, json);
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }

    internal static async Task<JsonElement> BackendAsync(HttpClient http, string name)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync("/admin/backends", Ct));
        return doc.RootElement.EnumerateArray().Single(b => b.GetProperty("name").GetString() == name).Clone();
    }

    [Fact]
    public async Task ListBackends_ShowsNameProtocolUrlCircuit_WithoutSecretsInTheUrl()
    {
        await using var louter = await LouterInstance.StartAsync("""
            [backends.local]
            url = "http://user:hunter2@127.0.0.1:9/v1?key=abc123"
            api_key = "sk-never-shown"
            """);

        var json = await louter.Http.GetStringAsync("/admin/backends", Ct);
        var backend = await BackendAsync(louter.Http, "local");

        Assert.Equal("openai", backend.GetProperty("protocol").GetString());
        Assert.Equal("http://127.0.0.1:9/v1", backend.GetProperty("url").GetString());
        Assert.Equal("closed", backend.GetProperty("circuit").GetString());
        Assert.False(backend.GetProperty("forced").GetBoolean());
        Assert.DoesNotContain("hunter2", json, StringComparison.Ordinal);
        Assert.DoesNotContain("abc123", json, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-never-shown", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForcedOpenBackend_IsSkipped_NextCandidateServes_NoCandidateIs503()
    {
        await using var upstream = await MockUpstream.StartAsync();
        await using var louter = await LouterInstance.StartAsync(TwoBackends, upstream.BaseUrl);
        const string chat = """{"model":"m","messages":[{"role":"user","content":"who serves?"}]}""";

        (await louter.PostChatAsync(chat, Ct)).EnsureSuccessStatusCode();
        Assert.Single(upstream.Requests, r => r.Model == "echo-primary");

        var primary = await SetCircuitAsync(louter.Http, "primary", "open");
        Assert.Equal("open", primary.GetProperty("circuit").GetString());
        Assert.True(primary.GetProperty("forced").GetBoolean());
        (await louter.PostChatAsync(chat, Ct)).EnsureSuccessStatusCode();
        Assert.Single(upstream.Requests, r => r.Model == "echo-secondary");

        await SetCircuitAsync(louter.Http, "secondary", "open");
        using var refused = await louter.PostChatAsync(chat, Ct);
        var body = await refused.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Contains("backend_unavailable", body, StringComparison.Ordinal);
        Assert.Equal(2, upstream.Requests.Count);

        var released = await SetCircuitAsync(louter.Http, "primary", "auto");
        Assert.False(released.GetProperty("forced").GetBoolean());
        (await louter.PostChatAsync(chat, Ct)).EnsureSuccessStatusCode();
        Assert.Equal(2, upstream.Requests.Count(r => r.Model == "echo-primary"));
    }

    [Fact]
    public async Task ForcedClosed_IsReportedAsForcedClosed()
    {
        await using var louter = await LouterInstance.StartAsync("""
            [backends.m]
            protocol = "mock"
            """);

        var backend = await SetCircuitAsync(louter.Http, "m", "closed");

        Assert.Equal("closed", backend.GetProperty("circuit").GetString());
        Assert.True(backend.GetProperty("forced").GetBoolean());
        Assert.Equal("closed", backend.GetProperty("forced_state").GetString());
    }

    [Fact]
    public async Task CircuitRequest_UnknownBackendIs404_BadStateIs400()
    {
        await using var louter = await LouterInstance.StartAsync("""
            [backends.m]
            protocol = "mock"
            """);

        await SetCircuitAsync(louter.Http, "nope", "open", HttpStatusCode.NotFound);
        await SetCircuitAsync(louter.Http, "m", "half-open", HttpStatusCode.BadRequest);
        using var notJson = await louter.Http.PostAsync("/admin/backends/m/circuit", new StringContent("{oops", new MediaTypeHeaderValue("application/json")), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
    }

    [Fact]
    public async Task AdminToken_IsRequiredWhenSet()
    {
        await using var louter = await LouterInstance.StartAsync("""
            [auth]
            admin_token = "s3cret-admin"
            [backends.m]
            protocol = "mock"
            """);

        using var none = await louter.Http.GetAsync("/admin/backends", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/admin/backends");
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "guess");
        Assert.Equal(HttpStatusCode.Unauthorized, (await louter.Http.SendAsync(wrong, Ct)).StatusCode);

        using var right = new HttpRequestMessage(HttpMethod.Get, "/admin/backends");
        right.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret-admin");
        Assert.Equal(HttpStatusCode.OK, (await louter.Http.SendAsync(right, Ct)).StatusCode);

        // The model API does not need the admin token.
        Assert.Equal(HttpStatusCode.OK, (await louter.Http.GetAsync("/v1/models", Ct)).StatusCode);
    }

    [Fact]
    public async Task WithoutAdminToken_OnlyLoopbackClientsAreAnswered()
    {
        var external = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
        if (external is null) Assert.Skip("This machine has no non-loopback IPv4 address to connect from.");

        await using var louter = await LouterInstance.StartAsync("""
            [backends.m]
            protocol = "mock"
            """, listen: "0.0.0.0:0");

        using var viaLoopback = await louter.Http.GetAsync("/admin/backends", Ct);
        Assert.Equal(HttpStatusCode.OK, viaLoopback.StatusCode);

        using var http = new HttpClient(new SocketsHttpHandler()) { BaseAddress = new UriBuilder(louter.BaseUrl) { Host = external.ToString() }.Uri };
        using var viaNetwork = await http.GetAsync("/admin/backends", Ct);
        Assert.Equal(HttpStatusCode.Forbidden, viaNetwork.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health", Ct)).StatusCode);
    }
}
