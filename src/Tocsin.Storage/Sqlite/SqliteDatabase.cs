using Microsoft.Data.Sqlite;

namespace Tocsin.Storage.Sqlite;

/// <summary>Opens connections to the one database file with the pragmas every connection needs, and applies migrations.</summary>
public sealed class SqliteDatabase
{
    private readonly string _connectionString;
    private readonly string _synchronous;

    public SqliteDatabase(StorageOptions options)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(options.SqlitePath)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = options.SqlitePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        _synchronous = options.SqliteSynchronous.ToUpperInvariant() switch
        {
            "FULL" => "FULL",
            "NORMAL" => "NORMAL",
            "EXTRA" => "EXTRA",
            var other => throw new InvalidOperationException($"Tocsin:Storage:SqliteSynchronous must be FULL, NORMAL or EXTRA, not '{other}'"),
        };
        FilePath = options.SqlitePath;
    }

    public string FilePath { get; }

    public async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = $"PRAGMA foreign_keys = ON; PRAGMA synchronous = {_synchronous}; PRAGMA busy_timeout = 30000;";
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        return connection;
    }

    /// <summary>Applies every embedded migration newer than the database, each in its own transaction.</summary>
    public async Task MigrateAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            await wal.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await MigrationRunner.ApplyAsync(connection, "Sqlite",
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)", ct).ConfigureAwait(false);
    }

    public async Task<bool> PingAsync(CancellationToken ct)
    {
        try
        {
            await using var connection = await OpenAsync(ct).ConfigureAwait(false);
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT count(*) FROM schema_migrations";
            await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false);
            return true;
        }
        catch (SqliteException)
        {
            return false;
        }
    }
}
