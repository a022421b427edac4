using System.Net;
using Louter.Tests.EndToEnd.Support;
using Microsoft.Data.Sqlite;
using Npgsql;
using Xunit;

namespace Louter.Tests.EndToEnd;

/// <summary>Circuit overrides are persisted by the Backend entity and survive a restart.</summary>
public sealed class RestartTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Backends = """
        [backends.primary]
        url = "{upstream}"
        [backends.primary.model_mapping]
        "m" = "echo-primary"
        """;

    private const string Chat = """{"model":"m","messages":[{"role":"user","content":"still there?"}]}""";

    [Fact]
    public async Task ForcedOpenCircuit_SurvivesRestart_OnSqlite()
    {
        await using var upstream = await MockUpstream.StartAsync();
        var dataDir = Directory.CreateTempSubdirectory("louter-restart-").FullName;

        await RunRestartScenarioAsync(upstream, Backends, dataDir);

        // The journal holds stable manifests and JSON payloads, never CLR type names.
        await using var db = new SqliteConnection($"Data Source={Path.Combine(dataDir, "louter.db")};Mode=ReadOnly");
        await db.OpenAsync(Ct);
        await using var query = db.CreateCommand();
        query.CommandText = "SELECT persistence_id, manifest, CAST(message AS TEXT) FROM journal ORDER BY ordering";
        await using var rows = await query.ExecuteReaderAsync(Ct);
        var events = new List<(string Id, string Manifest, string Payload)>();
        while (await rows.ReadAsync(Ct)) events.Add((rows.GetString(0), rows.GetString(1), rows.GetString(2)));

        Assert.Equal(
            [("backend-primary", "backend.circuit-forced.v1", """{"mode":"Open"}"""), ("backend-primary", "backend.circuit-forced.v1", """{"mode":"None"}""")],
            events);
    }

    /// <summary>Runs when LOUTER_TEST_POSTGRES names a PostgreSQL server (.ci/run starts one and sets it).</summary>
    [Fact]
    public async Task ForcedOpenCircuit_SurvivesRestart_OnPostgreSql()
    {
        var server = Environment.GetEnvironmentVariable("LOUTER_TEST_POSTGRES");
        if (string.IsNullOrEmpty(server)) Assert.Skip("LOUTER_TEST_POSTGRES is not set (bash .ci/run sets it after starting PostgreSQL).");

        var database = "louter_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync(Ct);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", admin);
            await create.ExecuteNonQueryAsync(Ct);
        }

        try
        {
            var connection = new NpgsqlConnectionStringBuilder(server) { Database = database, Pooling = false }.ConnectionString;
            await using var upstream = await MockUpstream.StartAsync();
            var config = Backends + $"""

                [persistence]
                provider = "postgresql"
                connection_string = "{connection}"
                """;

            await RunRestartScenarioAsync(upstream, config, Directory.CreateTempSubdirectory("louter-restart-pg-").FullName);

            await using var db = new NpgsqlConnection(connection);
            await db.OpenAsync(Ct);
            await using var query = new NpgsqlCommand("SELECT manifest FROM journal ORDER BY ordering", db);
            var manifests = new List<string>();
            await using (var rows = await query.ExecuteReaderAsync(Ct))
                while (await rows.ReadAsync(Ct)) manifests.Add(rows.GetString(0));
            Assert.Equal(["backend.circuit-forced.v1", "backend.circuit-forced.v1"], manifests);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(server);
            await admin.OpenAsync(Ct);
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync(Ct);
        }
    }

    private static async Task RunRestartScenarioAsync(MockUpstream upstream, string config, string dataDir)
    {
        await using (var first = await LouterInstance.StartAsync(config, upstream.BaseUrl, dataDir))
        {
            (await first.PostChatAsync(Chat, Ct)).EnsureSuccessStatusCode();
            await AdminTests.SetCircuitAsync(first.Http, "primary", "open");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await first.PostChatAsync(Chat, Ct)).StatusCode);
        }

        await using (var second = await LouterInstance.StartAsync(config, upstream.BaseUrl, dataDir))
        {
            var backend = await AdminTests.BackendAsync(second.Http, "primary");
            Assert.Equal("open", backend.GetProperty("circuit").GetString());
            Assert.True(backend.GetProperty("forced").GetBoolean());
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await second.PostChatAsync(Chat, Ct)).StatusCode);

            await AdminTests.SetCircuitAsync(second.Http, "primary", "auto");
            (await second.PostChatAsync(Chat, Ct)).EnsureSuccessStatusCode();
        }

        Assert.Equal(2, upstream.Requests.Count);
    }
}
