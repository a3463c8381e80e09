using System.Data.Common;
using Npgsql;

namespace Tocsin.Storage.Postgres;

/// <summary>
/// PostgreSQL, shared by every Tocsin node. Connections come from one pooled <see cref="NpgsqlDataSource"/>; the schema
/// named by the connection string's <c>Search Path</c> (default <c>public</c>) holds Tocsin's tables. Statements are
/// prepared automatically (<see cref="DefaultMaxAutoPrepare"/>) unless the connection string sets <c>Max Auto Prepare</c>.
/// </summary>
public sealed class PostgresDatabase : Database, IAsyncDisposable
{
    // Any fixed number works; it only has to be the same on every node and unused by anything else in the database.
    private const long MigrationLockKey = 0x70c5_1e00;
    private readonly NpgsqlDataSource _source;

    /// <summary>
    /// Statements Npgsql keeps prepared per connection once one has run <c>Auto Prepare Min Usages</c> (5) times. Without
    /// preparation PostgreSQL parses and plans every statement again, which cost 1–3 ms of its CPU per ingested event;
    /// the writer, claim and delivery paths use a few dozen distinct statements, so 64 holds them with room to spare.
    /// </summary>
    public const int DefaultMaxAutoPrepare = 64;

    public PostgresDatabase(StorageOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
            throw new InvalidOperationException("Tocsin:Storage:ConnectionString is required when Tocsin:Storage:Provider is Postgres");
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        // An explicit setting wins, including 0 (off). The builder answers defaults for unset keys, so ask its text.
        if (!new DbConnectionStringBuilder { ConnectionString = builder.ConnectionString }.ContainsKey("Max Auto Prepare"))
            builder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        Schema = string.IsNullOrWhiteSpace(builder.SearchPath) ? "public" : builder.SearchPath.Split(',')[0].Trim();
        _source = NpgsqlDataSource.Create(builder);
    }

    public string Schema { get; }

    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    public override async Task<DbConnection> OpenAsync(CancellationToken ct) =>
        await _source.OpenConnectionAsync(ct).ConfigureAwait(false);

    /// <summary>
    /// Applies migrations under a session advisory lock, so when several nodes start together one migrates and the
    /// others wait, then find nothing left to do.
    /// </summary>
    public override async Task MigrateAsync(CancellationToken ct)
    {
        await using var connection = await _source.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = $"CREATE SCHEMA IF NOT EXISTS \"{Schema.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
            try { await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false); }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateSchema) { /* another node won the race */ }
        }
        await using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = $"SELECT pg_advisory_lock({MigrationLockKey})";
            await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        try
        {
            await MigrationRunner.ApplyAsync(connection, "Postgres",
                "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL)", ct).ConfigureAwait(false);
        }
        finally
        {
            await using var unlock = connection.CreateCommand();
            unlock.CommandText = $"SELECT pg_advisory_unlock({MigrationLockKey})";
            await unlock.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    public override bool IsShared => true;

    public override string DedupLockSql => "SELECT pg_advisory_xact_lock(hashtextextended(@lock, 0))";

    // A procedure (migration 0017), so the call returns no rows and can queue with the writer's other writes.
    public override string DedupLocksSql => "CALL tocsin_lock_dedup_keys(@names)";

    public override ILeaderLock CreateLeaderLock(long key) => new PostgresLeaderLock(this, key);

    /// <summary>The connection string, for the LISTEN connection of the cluster bus.</summary>
    public NpgsqlDataSource DataSource => _source;

    public override bool IsUniqueViolation(Exception e, string? index = null) =>
        e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pe && (index is null || pe.ConstraintName == index);

    public override bool IsTransientConflict(Exception e) =>
        e is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.LockNotAvailable };

    public override string ContainsIgnoreCase(string haystack, string needleParameter) => $"strpos(lower({haystack}), lower({needleParameter})) > 0";
    public override string DistinctList(string expression) => $"string_agg(DISTINCT ({expression})::text, ',')";
    public override string ClaimLock => " FOR UPDATE SKIP LOCKED";
    public override string ForUpdate => " FOR UPDATE";
    public override string JsonElements(string array, string alias) => $"jsonb_array_elements(({array})::jsonb) {alias}(value)";
    public override string JsonField(string element, string field) => $"(({element})::jsonb -> '{field}')";
    public override string JsonLong(string element, string field) => $"((({element})::jsonb ->> '{field}')::bigint)";
    public override string JsonText(string element, string field) => $"(({element})::jsonb ->> '{field}')";
    public override string JsonElementLong(string alias) => $"(({alias}.value #>> '{{}}')::bigint)";

    public ValueTask DisposeAsync() => _source.DisposeAsync();
}
