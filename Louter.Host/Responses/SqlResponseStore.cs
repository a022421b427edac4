using System.Collections.Concurrent;
using System.Data.Common;
using System.Threading.Channels;
using Louter.Host.Config;
using Louter.Streams.Protocols.Responses;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Louter.Host.Responses;

/// <summary>
/// Stored responses in the persistence database (SQLite by default, PostgreSQL when configured):
/// table <c>louter_responses</c>. <see cref="Save"/> puts the response in memory at once — a client
/// may name it in its very next request — and one writer task moves it to the database; reads look
/// at memory first. Rows past their retention are invisible at once and deleted hourly. Stopping
/// the host writes what is still in memory before it returns.
/// </summary>
internal sealed partial class SqlResponseStore : BackgroundService, IResponseStore
{
    private static readonly TimeSpan PurgeInterval = TimeSpan.FromHours(1);

    private readonly Func<DbConnection> _connect;
    private readonly bool _postgres;
    private readonly TimeSpan _retention;
    private readonly TimeProvider _time;
    private readonly ILogger<SqlResponseStore> _logger;
    private readonly ConcurrentDictionary<string, StoredResponse> _pending = new(StringComparer.Ordinal);
    private readonly Channel<StoredResponse> _writes = Channel.CreateUnbounded<StoredResponse>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _schema = new(1, 1);
    private bool _schemaReady;
    private long _lastPurge;

    public SqlResponseStore(LouterConfig config, string connectionString, TimeProvider time, ILogger<SqlResponseStore> logger)
    {
        _postgres = config.Persistence.Provider == PersistenceProvider.PostgreSql;
        _connect = _postgres ? () => new NpgsqlConnection(connectionString) : () => new SqliteConnection(connectionString);
        _retention = config.Responses.Retention;
        _time = time;
        _logger = logger;
    }

    public void Save(StoredResponse response)
    {
        _pending[response.Id] = response;
        _writes.Writer.TryWrite(response);
    }

    public async ValueTask<StoredResponse?> FindAsync(string id, CancellationToken cancellationToken)
    {
        if (_pending.TryGetValue(id, out var pending)) return Expired(pending.CreatedAt) ? null : pending;

        await EnsureSchemaAsync(cancellationToken);
        await using var connection = _connect();
        await connection.OpenAsync(cancellationToken);
        await using var command = Command(connection,
            "SELECT previous_id, created_at, response, input FROM louter_responses WHERE id = @id AND expires_at > @now",
            ("@id", id), ("@now", _time.GetUtcNow().ToUnixTimeMilliseconds()));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new StoredResponse(
            id,
            reader.IsDBNull(0) ? null : reader.GetString(0),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
            (byte[])reader[2],
            (byte[])reader[3]);
    }

    public async ValueTask<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var wasPending = _pending.TryRemove(id, out var pending) && !Expired(pending.CreatedAt);
        await EnsureSchemaAsync(cancellationToken);
        await using var connection = _connect();
        await connection.OpenAsync(cancellationToken);
        await using var command = Command(connection, "DELETE FROM louter_responses WHERE id = @id AND expires_at > @now",
            ("@id", id), ("@now", _time.GetUtcNow().ToUnixTimeMilliseconds()));
        var deleted = await command.ExecuteNonQueryAsync(cancellationToken);
        return deleted > 0 || wasPending;
    }

    private bool Expired(DateTimeOffset createdAt) => createdAt + _retention <= _time.GetUtcNow();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _writes.Reader.WaitToReadAsync(stoppingToken))
            {
                await DrainAsync(CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping: StopAsync drains what is left
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _writes.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
        await DrainAsync(cancellationToken);
    }

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        while (_writes.Reader.TryRead(out var response))
        {
            // Deleted before it was written, or replaced by a newer save that is queued too: nothing to write.
            if (!_pending.TryGetValue(response.Id, out var current) || !ReferenceEquals(current, response)) continue;
            try
            {
                await WriteAsync(response, cancellationToken);
                // Removed only if no newer save of the same id replaced it meanwhile.
                _pending.TryRemove(new KeyValuePair<string, StoredResponse>(response.Id, response));
            }
            catch (Exception e) when (e is DbException or InvalidOperationException)
            {
                // Kept in memory: still findable on this node until it restarts.
                LogWriteFailed(e, response.Id);
            }
        }
        await PurgeIfDueAsync(cancellationToken);
    }

    private async Task WriteAsync(StoredResponse response, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        await using var connection = _connect();
        await connection.OpenAsync(cancellationToken);
        await using var command = Command(connection,
            """
            INSERT INTO louter_responses (id, previous_id, created_at, expires_at, response, input)
            VALUES (@id, @previous, @created, @expires, @response, @input)
            ON CONFLICT (id) DO UPDATE SET previous_id = excluded.previous_id, created_at = excluded.created_at,
                expires_at = excluded.expires_at, response = excluded.response, input = excluded.input
            """,
            ("@id", response.Id),
            ("@previous", (object?)response.PreviousResponseId ?? DBNull.Value),
            ("@created", response.CreatedAt.ToUnixTimeMilliseconds()),
            ("@expires", (response.CreatedAt + _retention).ToUnixTimeMilliseconds()),
            ("@response", response.Response),
            ("@input", response.Input));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task PurgeIfDueAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetTimestamp();
        if (_lastPurge != 0 && _time.GetElapsedTime(_lastPurge, now) < PurgeInterval) return;
        _lastPurge = now;
        try
        {
            await using var connection = _connect();
            await connection.OpenAsync(cancellationToken);
            await using var command = Command(connection, "DELETE FROM louter_responses WHERE expires_at <= @now", ("@now", _time.GetUtcNow().ToUnixTimeMilliseconds()));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (DbException e)
        {
            LogPurgeFailed(e);
        }
    }

    private async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _schemaReady)) return;
        await _schema.WaitAsync(cancellationToken);
        try
        {
            if (_schemaReady) return;
            var blob = _postgres ? "BYTEA" : "BLOB";
            await using var connection = _connect();
            await connection.OpenAsync(cancellationToken);
            await using var command = Command(connection,
                $"""
                CREATE TABLE IF NOT EXISTS louter_responses (
                    id TEXT PRIMARY KEY,
                    previous_id TEXT NULL,
                    created_at BIGINT NOT NULL,
                    expires_at BIGINT NOT NULL,
                    response {blob} NOT NULL,
                    input {blob} NOT NULL);
                CREATE INDEX IF NOT EXISTS louter_responses_expires ON louter_responses (expires_at);
                """);
            try
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.DuplicateObject)
            {
                // Another node (or this node's writer and a reader at once) created the table in the
                // same moment: PostgreSQL's CREATE … IF NOT EXISTS is not safe against a concurrent
                // creation and fails with "duplicate key value violates unique constraint
                // pg_type_typname_nsp_index". The other creation has committed by now: run it again.
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            Volatile.Write(ref _schemaReady, true);
        }
        finally
        {
            _schema.Release();
        }
    }

    private static DbCommand Command(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            command.Parameters.Add(p);
        }
        return command;
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Error, Message = "stored response {ResponseId} could not be written to the database; it stays in memory on this node")]
    private partial void LogWriteFailed(Exception exception, string responseId);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "expired stored responses could not be purged")]
    private partial void LogPurgeFailed(Exception exception);
}
