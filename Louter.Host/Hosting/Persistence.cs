using System.Runtime.CompilerServices;
using Louter.Host.Config;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Louter.Host.Hosting;

/// <summary>Prepares the journal database before the actor system starts.</summary>
internal static class Persistence
{
    /// <summary>
    /// The connection string for the journal. For SQLite (the default) the database file lives in
    /// data_dir, which is created if needed; the file is switched to WAL mode once, so the journal
    /// and the snapshot store can write without blocking each other's readers. Opening it here also
    /// turns a bad data_dir into a clear start-up error instead of a failing actor later.
    /// For PostgreSQL the connection string is used as given, after one test connection.
    /// </summary>
    public static string Prepare(LouterConfig config)
    {
        if (config.Persistence.Provider == PersistenceProvider.PostgreSql) return PreparePostgreSql(config.Persistence.ConnectionString!);

        string connectionString;
        if (config.Persistence.ConnectionString is { } configured)
        {
            connectionString = configured;
        }
        else
        {
            var dir = Path.GetFullPath(config.Server.DataDir);
            Directory.CreateDirectory(dir);
            connectionString = new SqliteConnectionStringBuilder
            {
                DataSource = Path.Combine(dir, "louter.db"),
                Mode = SqliteOpenMode.ReadWriteCreate,
                Cache = SqliteCacheMode.Shared,
                DefaultTimeout = 30,
            }.ToString();
        }

        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
        return connectionString;
    }

    // Its own method so that a SQLite node never loads Npgsql: the JIT loads an assembly when it
    // compiles a method that names one of its types, whether or not that branch runs (about 1 MiB
    // of idle RSS).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string PreparePostgreSql(string connectionString)
    {
        using var pg = new NpgsqlConnection(connectionString);
        pg.Open(); // an unreachable database is a start-up error, with Npgsql's reason
        return connectionString;
    }
}
