using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using Louter.Host.Cli;
using Louter.Tests.EndToEnd.Support;
using Xunit;

namespace Louter.Tests.EndToEnd;

/// <summary><c>louter diagnose</c> and <c>GET /admin/diagnostics</c>: the same report, as a table or as JSON.</summary>
public sealed class DiagnoseCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await LouterCli.RunAsync(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static async Task<string> ConfigAsync(string toml)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("louter-diag-").FullName, "louter.toml");
        await File.WriteAllTextAsync(file, toml, Ct);
        return file;
    }

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string Backends(Uri upstream, int deadPort) => $$"""
        [backends.healthy]
        url = "{{upstream}}"
        api_key = "sk-diag-never-printed"
        [backends.healthy.model_mapping]
        "m" = "tool-once"

        [backends.dead]
        url = "http://127.0.0.1:{{deadPort}}/v1"
        [backends.dead.model_mapping]
        "m" = "gpt-x"
        """;

    [Fact]
    public async Task Diagnose_ABackendThatDoesNotAnswerText_PrintsTheTableAndExits1()
    {
        await using var upstream = await MockUpstream.StartAsync();
        var file = await ConfigAsync(Backends(upstream.BaseUrl, ClosedPort()));

        var (exit, output, _) = await RunAsync("diagnose", "--config", file);

        Assert.Equal(1, exit);
        var lines = output.Split('\n');
        Assert.StartsWith("backend", lines[0], StringComparison.Ordinal);
        Assert.Contains("streaming", lines[0], StringComparison.Ordinal);
        var healthy = lines.Single(l => l.StartsWith("healthy ", StringComparison.Ordinal));
        Assert.Equal(4, healthy.Count(c => c == '✓'));
        Assert.Contains("tool-once", healthy, StringComparison.Ordinal);
        var dead = lines.Single(l => l.StartsWith("dead ", StringComparison.Ordinal));
        Assert.Equal(4, dead.Count(c => c == '!'));
        Assert.Contains("dead text: ! connection refused", output, StringComparison.Ordinal);
        Assert.Contains("did not answer text: dead", output, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-diag-never-printed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diagnose_OneHealthyBackend_Json_Exits0()
    {
        await using var upstream = await MockUpstream.StartAsync();
        var file = await ConfigAsync(Backends(upstream.BaseUrl, ClosedPort()));

        var (exit, output, _) = await RunAsync("diagnose", "--config", file, "--backend", "healthy", "--json");

        Assert.Equal(0, exit);
        using var report = JsonDocument.Parse(output);
        Assert.True(report.RootElement.GetProperty("ok").GetBoolean());
        var backend = Assert.Single(report.RootElement.GetProperty("backends").EnumerateArray());
        Assert.Equal("healthy", backend.GetProperty("name").GetString());
        Assert.Equal(["text", "vision", "tools", "streaming"], backend.GetProperty("probes").EnumerateArray().Select(p => p.GetProperty("probe").GetString()));
        Assert.All(backend.GetProperty("probes").EnumerateArray(), p => Assert.Equal("supported", p.GetProperty("status").GetString()));
        Assert.All(backend.GetProperty("probes").EnumerateArray(), p => Assert.True(p.GetProperty("latency_ms").GetInt64() >= 0));
    }

    [Fact]
    public async Task Diagnose_WarnsWhereCapabilitiesDisagree()
    {
        var file = await ConfigAsync("""
            [backends.mock]
            protocol = "mock"
            capabilities = ["text", "function_calling"]
            """);

        var (exit, output, _) = await RunAsync("diagnose", "--config", file);

        Assert.Equal(0, exit);
        Assert.Contains("Warnings:", output, StringComparison.Ordinal);
        Assert.Contains("warning: mock: capabilities lists \"function_calling\", but the tools probe was refused", output, StringComparison.Ordinal);
        Assert.Contains("warning: mock: the vision probe succeeded, but capabilities does not list \"vision\"", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--backend", "nobody", "no backend named 'nobody'")]
    [InlineData("--timeout", "20", "--timeout")]
    public async Task Diagnose_NothingToProbe_Exits2(string flag, string value, string message)
    {
        var file = await ConfigAsync("[backends.mock]\nprotocol = \"mock\"\n");

        var (exit, _, errors) = await RunAsync("diagnose", "--config", file, flag, value);

        Assert.Equal(2, exit);
        Assert.Contains(message, errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminDiagnostics_AnswersTheReportAsJson_ForAllOrOneBackend()
    {
        await using var upstream = await MockUpstream.StartAsync();
        await using var louter = await LouterInstance.StartAsync(Backends(upstream.BaseUrl, ClosedPort()));

        using var all = JsonDocument.Parse(await louter.Http.GetStringAsync("/admin/diagnostics", Ct));
        using var one = JsonDocument.Parse(await louter.Http.GetStringAsync("/admin/diagnostics?backend=dead", Ct));
        using var unknown = await louter.Http.GetAsync("/admin/diagnostics?backend=nobody", Ct);
        using var badTimeout = await louter.Http.GetAsync("/admin/diagnostics?timeout=forever", Ct);

        Assert.False(all.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal(["healthy", "dead"], all.RootElement.GetProperty("backends").EnumerateArray().Select(b => b.GetProperty("name").GetString()));
        var dead = Assert.Single(one.RootElement.GetProperty("backends").EnumerateArray());
        var text = dead.GetProperty("probes")[0];
        Assert.Equal("failed", text.GetProperty("status").GetString());
        Assert.Equal("connection refused", text.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badTimeout.StatusCode);
        Assert.DoesNotContain("sk-diag-never-printed", all.RootElement.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminDiagnostics_NeedsTheAdminTokenWhenSet()
    {
        await using var louter = await LouterInstance.StartAsync("""
            [auth]
            admin_token = "s3cret-admin"
            [backends.m]
            protocol = "mock"
            """);

        using var none = await louter.Http.GetAsync("/admin/diagnostics", Ct);
        using var right = new HttpRequestMessage(HttpMethod.Get, "/admin/diagnostics");
        right.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret-admin");
        using var answered = await louter.Http.SendAsync(right, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        using var report = JsonDocument.Parse(await answered.Content.ReadAsStringAsync(Ct));
        Assert.True(report.RootElement.GetProperty("ok").GetBoolean());
    }
}
