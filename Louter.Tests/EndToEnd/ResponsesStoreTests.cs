using System.Data.Common;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Louter.Host.Config;
using Louter.Host.Hosting;
using Louter.Host.Responses;
using Louter.Streams.Protocols.Responses;
using Louter.Streams.Protocols.Responses.Wire;
using Louter.Tests.EndToEnd.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Xunit;

namespace Louter.Tests.EndToEnd;

/// <summary>
/// Stored responses (previous_response_id, GET/DELETE /v1/responses/{id}) in the persistence
/// database: SQLite in a temp directory, and PostgreSQL when LOUTER_TEST_POSTGRES names a server
/// (.ci/run starts one and sets it; the PostgreSQL cases skip otherwise).
/// </summary>
public sealed class ResponsesStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Providers => ["sqlite", "postgresql"];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Save_IsFoundAtOnce_AndAfterTheWriterDrained_FromAFreshStoreOnTheSameDatabase(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var time = new FakeTimeProvider(Start);
        var saved = Stored("resp_a", null, Start, "hello", "hi there");

        var first = db.Store(time);
        await first.StartAsync(Ct);
        first.Save(saved);
        var fromMemory = await first.FindAsync("resp_a", Ct);
        await first.StopAsync(Ct); // drains what is still in memory

        var restarted = db.Store(time);
        var fromDatabase = await restarted.FindAsync("resp_a", Ct);

        Assert.Same(saved, fromMemory);
        Assert.NotNull(fromDatabase);
        Assert.Equal((saved.Id, saved.PreviousResponseId, saved.CreatedAt), (fromDatabase.Id, fromDatabase.PreviousResponseId, fromDatabase.CreatedAt));
        Assert.Equal(saved.Response, fromDatabase.Response);
        Assert.Equal(saved.Input, fromDatabase.Input);
        Assert.Equal("hi there", fromDatabase.ReadResponse().Output![0]!.Content!.Text);
        Assert.Null(await restarted.FindAsync("resp_unknown", Ct));
        Assert.Equal(1, await db.CountAsync());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Save_WhileTheWriterRuns_ReachesTheDatabaseWithoutAStop(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var time = new FakeTimeProvider(Start);
        var store = db.Store(time);
        await store.StartAsync(Ct);

        store.Save(Stored("resp_live", null, Start, "a", "b"));
        var fresh = db.Store(time);
        await Eventually(async () => await fresh.FindAsync("resp_live", Ct) is not null, "the writer never wrote resp_live");

        await store.StopAsync(Ct);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Delete_RemovesItFromMemoryAndDatabase_AndUnknownIdsAreNotDeleted(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var time = new FakeTimeProvider(Start);
        var store = db.Store(time);
        await store.StartAsync(Ct);
        store.Save(Stored("resp_written", null, Start, "a", "b"));
        await store.StopAsync(Ct);

        var restarted = db.Store(time);
        Assert.True(await restarted.DeleteAsync("resp_written", Ct));
        Assert.False(await restarted.DeleteAsync("resp_written", Ct));
        Assert.False(await restarted.DeleteAsync("resp_never", Ct));
        Assert.Null(await restarted.FindAsync("resp_written", Ct));
        Assert.Null(await db.Store(time).FindAsync("resp_written", Ct));
        Assert.Equal(0, await db.CountAsync());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Delete_BeforeTheWriterWroteIt_IsNeverWritten(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var time = new FakeTimeProvider(Start);
        var store = db.Store(time);

        store.Save(Stored("resp_early", null, Start, "a", "b")); // the writer is not running yet
        Assert.True(await store.DeleteAsync("resp_early", Ct));
        Assert.Null(await store.FindAsync("resp_early", Ct));
        await store.StartAsync(Ct);
        await store.StopAsync(Ct);

        Assert.Null(await db.Store(time).FindAsync("resp_early", Ct));
        Assert.Equal(0, await db.CountAsync());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Retention_ExpiredResponsesAreNotFound_InMemoryOrInTheDatabase_AndArePurged(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var time = new FakeTimeProvider(Start);
        var retention = TimeSpan.FromHours(1);
        var store = db.Store(time, retention);

        store.Save(Stored("resp_old", null, Start - TimeSpan.FromHours(2), "a", "b"));
        store.Save(Stored("resp_new", null, Start, "c", "d"));
        Assert.Null(await store.FindAsync("resp_old", Ct));
        Assert.NotNull(await store.FindAsync("resp_new", Ct));
        Assert.False(await store.DeleteAsync("resp_old", Ct));

        store.Save(Stored("resp_old", null, Start - TimeSpan.FromHours(2), "a", "b"));
        await store.StartAsync(Ct);
        await store.StopAsync(Ct); // writes both, then the first purge removes what has expired

        Assert.Equal(1, await db.CountAsync());
        var restarted = db.Store(time, retention);
        Assert.NotNull(await restarted.FindAsync("resp_new", Ct));

        time.Advance(TimeSpan.FromMinutes(59));
        Assert.NotNull(await db.Store(time, retention).FindAsync("resp_new", Ct));
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(await db.Store(time, retention).FindAsync("resp_new", Ct));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RebuildAsync_ChainOfThree_IsEveryInputAndOutputOldestFirst(string provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var time = new FakeTimeProvider(Start);
        var store = db.Store(time);
        await store.StartAsync(Ct);
        store.Save(Stored("resp_1", null, Start, "one", "1"));
        store.Save(Stored("resp_2", "resp_1", Start, "two", "2"));
        store.Save(Stored("resp_3", "resp_2", Start, "three", "3"));
        var fromMemory = await ResponseHistory.RebuildAsync(store, "resp_3", Ct);
        await store.StopAsync(Ct);

        var restarted = db.Store(time);
        var items = await ResponseHistory.RebuildAsync(restarted, "resp_3", Ct);

        Assert.NotNull(items);
        Assert.Equal(["one", "1", "two", "2", "three", "3"], items.Select(i => i.Content!.Text));
        Assert.Equal(["user", "assistant", "user", "assistant", "user", "assistant"], items.Select(i => i.Role));
        Assert.Equal(items.Select(i => i.Content!.Text), fromMemory!.Select(i => i.Content!.Text));
        Assert.Equal(["one", "1"], (await ResponseHistory.RebuildAsync(restarted, "resp_1", Ct))!.Select(i => i.Content!.Text));

        Assert.True(await restarted.DeleteAsync("resp_2", Ct));
        Assert.Null(await ResponseHistory.RebuildAsync(restarted, "resp_3", Ct)); // a broken chain is not a shorter conversation
    }

    private const string ToolOnceConfig = """
        [backends.chat]
        url = "{upstream}/v1"
        """;

    private const string WeatherTool = """{"type":"function","name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}""";

    [Fact]
    public async Task PreviousResponseId_StillWorksAfterLouterRestartsOnTheSameDataDirectory()
    {
        await using var upstream = await MockUpstream.StartAsync();
        var dataDir = Directory.CreateTempSubdirectory("louter-responses-").FullName;

        string firstId, callId;
        await using (var first = await LouterInstance.StartAsync(ToolOnceConfig, upstream.BaseUrl, dataDir))
        {
            using var answer = await PostResponsesAsync(first, $$"""{"model":"tool-once","input":"Weather in Paris?","tools":[{{WeatherTool}}]}""");
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            var json = await JsonAsync(answer);
            firstId = json.GetProperty("id").GetString()!;
            var call = json.GetProperty("output")[0];
            Assert.Equal("function_call", call.GetProperty("type").GetString());
            callId = call.GetProperty("call_id").GetString()!;
        }

        await using (var second = await LouterInstance.StartAsync(ToolOnceConfig, upstream.BaseUrl, dataDir))
        {
            using var stored = await second.Http.GetAsync($"/v1/responses/{firstId}", Ct);
            Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
            Assert.Equal(callId, (await JsonAsync(stored)).GetProperty("output")[0].GetProperty("call_id").GetString());

            using var answer = await PostResponsesAsync(second, $$"""
                {"model":"tool-once","previous_response_id":"{{firstId}}","tools":[{{WeatherTool}}],
                 "input":[{"type":"function_call_output","call_id":"{{callId}}","output":"sunny"}]}
                """);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            var json = await JsonAsync(answer);
            Assert.Equal("tool said: sunny", json.GetProperty("output")[0].GetProperty("content")[0].GetProperty("text").GetString());
            Assert.Equal(firstId, json.GetProperty("previous_response_id").GetString());
        }

        // The Chat backend got the whole conversation on the turn after the restart.
        var sent = upstream.Requests.Last().BodyText;
        Assert.Contains("Weather in Paris?", sent, StringComparison.Ordinal);
        Assert.Contains($"\"tool_call_id\":\"{callId}\"", sent, StringComparison.Ordinal);
        Assert.Contains("\"name\":\"get_weather\"", sent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StoreFalseInConfig_PreviousResponseIdAndGetAre404InOpenAIsShape()
    {
        await using var upstream = await MockUpstream.StartAsync();
        await using var louter = await LouterInstance.StartAsync(ToolOnceConfig + """

            [responses]
            store = false
            """, upstream.BaseUrl);

        using var first = await PostResponsesAsync(louter, """{"model":"echo","input":"remember me"}""");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var id = (await JsonAsync(first)).GetProperty("id").GetString()!;

        using var next = await PostResponsesAsync(louter, $$"""{"model":"echo","previous_response_id":"{{id}}","input":"and now?"}""");
        Assert.Equal(HttpStatusCode.NotFound, next.StatusCode);
        Assert.Equal(
            $$$"""{"error":{"message":"Previous response with id '{{{id}}}' not found.","type":"invalid_request_error","param":"previous_response_id","code":"previous_response_not_found"}}""",
            await next.Content.ReadAsStringAsync(Ct));

        using var get = await louter.Http.GetAsync($"/v1/responses/{id}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal("response_not_found", (await JsonAsync(get)).GetProperty("error").GetProperty("code").GetString());
        using var delete = await louter.Http.DeleteAsync($"/v1/responses/{id}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Single(upstream.Requests); // the refused turn never reached the backend
    }

    private static Task<HttpResponseMessage> PostResponsesAsync(LouterInstance louter, string json) =>
        louter.Http.PostAsync("/v1/responses", new StringContent(json, new MediaTypeHeaderValue("application/json")), Ct);

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;

    private static StoredResponse Stored(string id, string? previous, DateTimeOffset createdAt, string input, string output) =>
        StoredResponse.Create(
            new ResponseObject
            {
                Id = id,
                Status = "completed",
                PreviousResponseId = previous,
                Output = [new ResponseItem { Type = "message", Id = "msg_" + id, Role = "assistant", Content = ResponsesContent.Of(output) }],
            },
            [new ResponseItem { Type = "message", Role = "user", Content = ResponsesContent.Of(input) }],
            createdAt);

    /// <summary>Polls <paramref name="condition"/> with a bounded wait: the background writer has no completion signal of its own.</summary>
    private static async Task Eventually(Func<Task<bool>> condition, string because)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        while (!await condition())
        {
            try
            {
                await tick.WaitForNextTickAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
            {
                Assert.Fail(because);
            }
        }
    }

    /// <summary>A fresh database for one test: a SQLite file in a temp directory, or a new PostgreSQL database dropped afterwards.</summary>
    private sealed class TestDatabase : IAsyncDisposable
    {
        private readonly string? _postgresServer;
        private readonly string? _postgresName;

        private TestDatabase(LouterConfig config, string connectionString, string? server, string? name)
        {
            Config = config;
            ConnectionString = connectionString;
            _postgresServer = server;
            _postgresName = name;
        }

        public LouterConfig Config { get; }
        public string ConnectionString { get; }

        public static async Task<TestDatabase> CreateAsync(string provider)
        {
            if (provider == "sqlite")
            {
                var config = new LouterConfig { Server = new ServerConfig { DataDir = Directory.CreateTempSubdirectory("louter-responses-store-").FullName } };
                return new TestDatabase(config, Persistence.Prepare(config), null, null);
            }

            var server = Environment.GetEnvironmentVariable("LOUTER_TEST_POSTGRES");
            if (string.IsNullOrEmpty(server)) Assert.Skip("LOUTER_TEST_POSTGRES is not set (bash .ci/run sets it after starting PostgreSQL).");
            var database = "louter_test_" + Guid.NewGuid().ToString("N")[..12];
            await using (var admin = new NpgsqlConnection(server))
            {
                await admin.OpenAsync(Ct);
                await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", admin);
                await create.ExecuteNonQueryAsync(Ct);
            }
            var connection = new NpgsqlConnectionStringBuilder(server) { Database = database, Pooling = false }.ConnectionString;
            var pg = new LouterConfig { Persistence = new PersistenceConfig { Provider = PersistenceProvider.PostgreSql, ConnectionString = connection } };
            return new TestDatabase(pg, Persistence.Prepare(pg), server, database);
        }

        public SqlResponseStore Store(TimeProvider time, TimeSpan? retention = null) =>
            new(Config with { Responses = new ResponsesConfig { Retention = retention ?? TimeSpan.FromDays(30) } }, ConnectionString, time, NullLogger<SqlResponseStore>.Instance);

        /// <summary>Rows in louter_responses, expired or not.</summary>
        public async Task<long> CountAsync()
        {
            await using DbConnection connection = _postgresServer is null ? new SqliteConnection(ConnectionString) : new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM louter_responses";
            return Convert.ToInt64(await command.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture);
        }

        public async ValueTask DisposeAsync()
        {
            if (_postgresServer is null) return;
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(_postgresServer);
            await admin.OpenAsync(CancellationToken.None);
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_postgresName} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }
}
