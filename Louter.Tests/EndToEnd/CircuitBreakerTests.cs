using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Louter.Tests.EndToEnd.Support;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Louter.Tests.EndToEnd;

/// <summary>
/// The circuit breaker through a real Louter: a backend that refuses connections is skipped after its
/// first failure, gets no request while open, and is closed again by one successful trial request.
/// </summary>
public sealed partial class CircuitBreakerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Chat = """{"model":"m","messages":[{"role":"user","content":"anyone there?"}]}""";

    private static string Config(int deadPort, string openDuration) => $$"""
        [backends.flaky]
        url = "http://127.0.0.1:{{deadPort}}/v1"
        priority = 1
        open_duration = "{{openDuration}}"
        [backends.flaky.model_mapping]
        "m" = "echo-flaky"

        [backends.spare]
        url = "{upstream}"
        priority = 2
        [backends.spare.model_mapping]
        "m" = "echo-spare"
        """;

    [Fact]
    public async Task RefusedConnection_OpensAtOnce_SkipsTheBackend_ThenOneTrialRequestClosesIt()
    {
        await using var spare = await MockUpstream.StartAsync();
        var port = FreePort();
        await using var louter = await LouterInstance.StartAsync(Config(port, "3s"), spare.BaseUrl);

        // 1. Nothing listens on the port: the first request's connection is refused, which opens the
        //    circuit; the request itself fails over to the spare, so the client never sees the failure.
        using (var first = await louter.PostChatAsync(Chat, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }
        var flaky = await WaitForCircuitAsync(louter.Http, "open");
        Assert.False(flaky.GetProperty("up").GetBoolean());
        var health = flaky.GetProperty("health");
        Assert.Equal("connection refused", health.GetProperty("reason").GetString());
        Assert.Equal(1, health.GetProperty("trip").GetInt32());
        Assert.Equal(JsonValueKind.String, health.GetProperty("open_until").ValueKind);
        var metrics = await louter.Http.GetStringAsync("/metrics", Ct);
        Assert.Equal(2, Gauge(metrics, "louter_backend_circuit_state", "flaky"));
        Assert.Equal(0, Gauge(metrics, "louter_backend_up", "flaky"));
        Assert.Equal(0, Gauge(metrics, "louter_backend_circuit_state", "spare"));

        // 2. The backend comes back, but its circuit is open: requests go to the spare, none to it.
        await using var revived = await MockUpstream.StartAsync(port);
        for (var i = 0; i < 3; i++)
        {
            using var response = await louter.PostChatAsync(Chat, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        Assert.Empty(revived.Requests);
        Assert.Equal(4, spare.Requests.Count(r => r.Model == "echo-spare")); // the failed-over first request, then three

        // 3. After open_duration the circuit is half-open: one trial request goes to it, succeeds, and closes it.
        await WaitForCircuitAsync(louter.Http, "half_open");
        Assert.Equal(1, Gauge(await louter.Http.GetStringAsync("/metrics", Ct), "louter_backend_circuit_state", "flaky"));
        using (var trial = await louter.PostChatAsync(Chat, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, trial.StatusCode);
        }
        Assert.Equal("echo-flaky", Assert.Single(revived.Requests).Model);
        flaky = await WaitForCircuitAsync(louter.Http, "closed");
        Assert.True(flaky.GetProperty("up").GetBoolean());
        Assert.Equal("trial request succeeded", flaky.GetProperty("health").GetProperty("reason").GetString());
        metrics = await louter.Http.GetStringAsync("/metrics", Ct);
        Assert.Equal(0, Gauge(metrics, "louter_backend_circuit_state", "flaky"));
        Assert.Equal(1, Gauge(metrics, "louter_backend_up", "flaky"));
    }

    [Fact]
    public async Task HealthOpenedCircuit_SurvivesRestart_OnSqlite()
    {
        await using var spare = await MockUpstream.StartAsync();
        var port = FreePort();
        var dataDir = Directory.CreateTempSubdirectory("louter-circuit-").FullName;

        await using (var first = await LouterInstance.StartAsync(Config(port, "1h"), spare.BaseUrl, dataDir))
        {
            using (await first.PostChatAsync(Chat, Ct)) { }
            await WaitForCircuitAsync(first.Http, "open");
        }

        await using (var second = await LouterInstance.StartAsync(Config(port, "1h"), spare.BaseUrl, dataDir))
        {
            var flaky = await AdminTests.BackendAsync(second.Http, "flaky");
            Assert.Equal("open", flaky.GetProperty("circuit").GetString());
            Assert.False(flaky.GetProperty("forced").GetBoolean());
            using var response = await second.PostChatAsync(Chat, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await using var db = new SqliteConnection($"Data Source={Path.Combine(dataDir, "louter.db")};Mode=ReadOnly");
        await db.OpenAsync(Ct);
        await using var query = db.CreateCommand();
        query.CommandText = "SELECT manifest FROM journal WHERE persistence_id = 'backend-flaky' ORDER BY ordering";
        var manifests = new List<string>();
        await using (var rows = await query.ExecuteReaderAsync(Ct))
            while (await rows.ReadAsync(Ct)) manifests.Add(rows.GetString(0));
        Assert.Equal(["backend.circuit-opened.v1"], manifests);
    }

    /// <summary>Runs when LOUTER_TEST_POSTGRES names a PostgreSQL server (.ci/run starts one and sets it).</summary>
    [Fact]
    public async Task HealthOpenedCircuit_SurvivesRestart_OnPostgreSql()
    {
        var server = Environment.GetEnvironmentVariable("LOUTER_TEST_POSTGRES");
        if (string.IsNullOrEmpty(server)) Assert.Skip("LOUTER_TEST_POSTGRES is not set (bash .ci/run sets it after starting PostgreSQL).");

        var database = "louter_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new Npgsql.NpgsqlConnection(server))
        {
            await admin.OpenAsync(Ct);
            await using var create = new Npgsql.NpgsqlCommand($"CREATE DATABASE {database}", admin);
            await create.ExecuteNonQueryAsync(Ct);
        }

        try
        {
            var connection = new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = database, Pooling = false }.ConnectionString;
            await using var spare = await MockUpstream.StartAsync();
            var config = Config(FreePort(), "1h") + $"""

                [persistence]
                provider = "postgresql"
                connection_string = "{connection}"
                """;
            var dataDir = Directory.CreateTempSubdirectory("louter-circuit-pg-").FullName;

            await using (var first = await LouterInstance.StartAsync(config, spare.BaseUrl, dataDir))
            {
                using (await first.PostChatAsync(Chat, Ct)) { }
                await WaitForCircuitAsync(first.Http, "open");
            }

            await using (var second = await LouterInstance.StartAsync(config, spare.BaseUrl, dataDir))
            {
                Assert.Equal("open", (await AdminTests.BackendAsync(second.Http, "flaky")).GetProperty("circuit").GetString());
            }
        }
        finally
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await using var admin = new Npgsql.NpgsqlConnection(server);
            await admin.OpenAsync(Ct);
            await using var drop = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync(Ct);
        }
    }

    [Fact]
    public async Task ActiveHealthCheck_MarksADeadBackendDownWithoutAnyRequest()
    {
        await using var spare = await MockUpstream.StartAsync();
        var port = FreePort();
        var config = Config(port, "1h").Replace("open_duration = \"1h\"", "health_check = { interval = \"200ms\", timeout = \"1s\" }", StringComparison.Ordinal);
        await using var louter = await LouterInstance.StartAsync(config, spare.BaseUrl);

        var flaky = await WaitForCircuitAsync(louter.Http, "open");
        Assert.StartsWith("health check failed: ", flaky.GetProperty("health").GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.False(flaky.GetProperty("health").GetProperty("last_health_check_ok").GetBoolean());

        // Back to life: the next check (GET /v1/models) closes the circuit on its own.
        await using var revived = await MockUpstream.StartAsync(port);
        await WaitForCircuitAsync(louter.Http, "closed");
        Assert.Contains(revived.Requests, r => r.Method == "GET" && r.Path == "/v1/models");
    }

    /// <summary>A port nothing listens on (bound, then released), so connections to it are refused.</summary>
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Outcomes reach the entity asynchronously: poll GET /admin/backends until "flaky" shows the circuit.</summary>
    private static async Task<JsonElement> WaitForCircuitAsync(HttpClient http, string circuit)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(20));
        JsonElement flaky;
        while ((flaky = await AdminTests.BackendAsync(http, "flaky")).GetProperty("circuit").GetString() != circuit)
        {
            await Task.Delay(25, deadline.Token);
        }
        return flaky;
    }

    private static double Gauge(string metrics, string name, string backend)
    {
        var match = Regex.Match(metrics, $"^{name}\\{{backend=\"{backend}\"\\}} (\\S+)$", RegexOptions.Multiline);
        Assert.True(match.Success, $"{name}{{backend=\"{backend}\"}} not in /metrics");
        return double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
