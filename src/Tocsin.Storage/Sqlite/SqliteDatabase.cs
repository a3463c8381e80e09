using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Tocsin.Storage.Sqlite;

/// <summary>The embedded database: one file, opened with the pragmas every connection needs.</summary>
public sealed class SqliteDatabase : Database
{
    private const int SqliteConstraint = 19;
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

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    // The synchronous level each pooled native connection was last set to. A pooled connection keeps its pragmas, so only
    // a new one (or one switched by the bookkeeping path) needs the statements: running three PRAGMAs on every open
    // cost a parse and an execution per store call, on a path that opens a dozen connections per event (#4).
    private readonly ConditionalWeakTable<SQLitePCL.sqlite3, string> _configured = new();

    public override async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        await SetSynchronousAsync(connection, _synchronous, ct).ConfigureAwait(false);
        return connection;
    }

    // temp_store = MEMORY: the savepoint journals of a group-committed batch passed SQLite's 64 KiB spill size and went to
    // temporary files, created and unlinked per batch; ext4 inode allocation for them was ~10% of the CPU under paging
    // load (#4, perf). Sorts and sub-journals here are small (lists are capped at 500 rows), so memory is the right place.
    private async Task SetSynchronousAsync(SqliteConnection connection, string level, CancellationToken ct)
    {
        var known = _configured.TryGetValue(connection.Handle!, out var current);
        if (known && current == level) return;
        using var cmd = connection.CreateCommand();
        cmd.CommandText = known
            ? $"PRAGMA synchronous = {level};"
            : $"PRAGMA foreign_keys = ON; PRAGMA synchronous = {level}; PRAGMA busy_timeout = 30000; PRAGMA temp_store = MEMORY;";
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        _configured.AddOrUpdate(connection.Handle!, level);
    }

    /// <summary>
    /// WAL with synchronous=NORMAL: atomic and ordered, but the last commits may be lost on a power cut. <see cref="OpenAsync"/>
    /// sets the configured level again for the next user of the pooled connection.
    /// </summary>
    public override async Task<DbConnection> OpenForBookkeepingAsync(CancellationToken ct)
    {
        var c = new SqliteConnection(_connectionString);
        await c.OpenAsync(ct).ConfigureAwait(false);
        await SetSynchronousAsync(c, "NORMAL", ct).ConfigureAwait(false);
        return c;
    }

    /// <summary>Applies every embedded migration newer than the database, each in its own transaction.</summary>
    public override async Task MigrateAsync(CancellationToken ct)
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

    private readonly SemaphoreSlim _writeTurn = new(1, 1);

    public override async ValueTask<IDisposable?> EnterWriteAsync(CancellationToken ct)
    {
        await _writeTurn.WaitAsync(ct).ConfigureAwait(false);
        return new WriteTurn(_writeTurn);
    }

    private sealed class WriteTurn(SemaphoreSlim turn) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) turn.Release();
        }
    }

    public override Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    public override bool IsUniqueViolation(Exception e, string? index = null) =>
        e is SqliteException { SqliteErrorCode: SqliteConstraint } se && se.Message.Contains("UNIQUE", StringComparison.Ordinal);

    // One process, one writer: nothing else can interleave with a write transaction.
    public override bool IsTransientConflict(Exception e) => false;

    public override string ContainsIgnoreCase(string haystack, string needleParameter) => $"instr(lower({haystack}), lower({needleParameter})) > 0";
    public override string DistinctList(string expression) => $"group_concat(DISTINCT {expression})";
    public override string ClaimLock => "";
    public override string ForUpdate => "";
    public override string JsonElements(string array, string alias) => $"json_each({array}) {alias}";
    public override string JsonField(string element, string field) => $"json_extract({element}, '$.{field}')";
    public override string JsonLong(string element, string field) => $"json_extract({element}, '$.{field}')";
    public override string JsonText(string element, string field) => $"json_extract({element}, '$.{field}')";
    public override string JsonElementLong(string alias) => $"{alias}.value";
}
