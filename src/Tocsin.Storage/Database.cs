using System.Data.Common;

namespace Tocsin.Storage;

/// <summary>
/// The one database Tocsin runs on, SQLite or PostgreSQL. Stores are written once against this type and plain
/// <see cref="DbConnection"/>s; the few places where the two engines' SQL differs are members here, so a store never
/// branches on the provider itself.
/// </summary>
public abstract class Database
{
    public abstract DatabaseProvider Provider { get; }

    public static Database Create(StorageOptions options) => options.Provider switch
    {
        DatabaseProvider.Postgres => new Postgres.PostgresDatabase(options),
        _ => new Sqlite.SqliteDatabase(options),
    };

    public abstract Task<DbConnection> OpenAsync(CancellationToken ct);

    /// <summary>
    /// A connection for delivery bookkeeping (expand, claim, record): its commits may skip the flush to disk, because
    /// the intent (the outbox row) was committed durably with the alert change, and anything lost here is redone with
    /// the same idempotency key, which at-least-once delivery allows.
    /// </summary>
    public virtual Task<DbConnection> OpenForBookkeepingAsync(CancellationToken ct) => OpenAsync(ct);

    /// <summary>Applies every embedded migration newer than the database; safe when several nodes start at once.</summary>
    public abstract Task MigrateAsync(CancellationToken ct);

    public async Task<bool> PingAsync(CancellationToken ct)
    {
        try
        {
            await using var connection = await OpenAsync(ct).ConfigureAwait(false);
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT count(*) FROM schema_migrations";
            await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false);
            return true;
        }
        catch (DbException)
        {
            return false;
        }
    }

    /// <summary>
    /// A statement taking a transaction-scoped lock named by the text parameter <c>@lock</c>, or null when one writer per
    /// database makes it unnecessary.
    /// </summary>
    public virtual string? DedupLockSql => null;

    /// <summary>
    /// A statement that answers nothing and takes the locks of <see cref="DedupLockSql"/> for every name of the text
    /// array <c>@names</c>, in an order that does not depend on the array's; null where <see cref="DedupLockSql"/> is.
    /// </summary>
    public virtual string? DedupLocksSql => null;

    /// <summary>True when several Tocsin nodes may share this database (and so must share out their work).</summary>
    public virtual bool IsShared => false;

    /// <summary>A cluster-wide "only one node" lock named by <paramref name="key"/>.</summary>
    public virtual ILeaderLock CreateLeaderLock(long key) => new SingleNodeLeader();

    /// <summary>
    /// Waits for this process's turn to write where the engine has one writer per file (SQLite): the process's writers
    /// (the alert writer and the delivery bookkeeping) then queue here and the next one starts the moment the previous
    /// commits, instead of polling the file lock through SQLite's busy handler, which sleeps 1–100 ms between tries and
    /// was most of a page's latency under load (#4). Hold the turn from before BEGIN until after COMMIT or ROLLBACK;
    /// null where writers need no turn.
    /// </summary>
    public virtual ValueTask<IDisposable?> EnterWriteAsync(CancellationToken ct) => ValueTask.FromResult<IDisposable?>(null);

    /// <summary>A transaction that will write: SQLite takes its write lock up front so a busy file waits here, not mid-batch.</summary>
    public virtual async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct) =>
        await connection.BeginTransactionAsync(ct).ConfigureAwait(false);

    /// <summary>True when <paramref name="e"/> is a unique-constraint violation (optionally on the named index).</summary>
    public abstract bool IsUniqueViolation(Exception e, string? index = null);

    /// <summary>
    /// True when the engine aborted a statement because another transaction got in the way (a deadlock or a serialization
    /// failure); the same work succeeds when run again after commit.
    /// </summary>
    public abstract bool IsTransientConflict(Exception e);

    /// <summary>A boolean SQL condition: <paramref name="haystack"/> contains <paramref name="needleParameter"/>, ignoring case.</summary>
    public abstract string ContainsIgnoreCase(string haystack, string needleParameter);

    /// <summary>Comma-separated distinct values of an integer expression (an aggregate).</summary>
    public abstract string DistinctList(string expression);

    /// <summary>
    /// The row lock of "claim due work" subqueries. On PostgreSQL rows another node is claiming at this moment are
    /// skipped (SKIP LOCKED), not waited for: the nodes take disjoint rows and none queues behind another. A node's own
    /// passes never overlap (each runner serializes its passes), so a node never skips rows it is claiming itself.
    /// Claims repeat the lease test in the UPDATE's own WHERE, against the row version the UPDATE sees.
    /// </summary>
    public abstract string ClaimLock { get; }

    /// <summary>Locks rows read in a write transaction so two nodes cannot both update them from the same old values.</summary>
    public abstract string ForUpdate { get; }

    /// <summary>FROM-clause item expanding the JSON array <paramref name="array"/> (a text or JSON expression) as <paramref name="alias"/>.</summary>
    public abstract string JsonElements(string array, string alias);

    /// <summary>The array-valued field <paramref name="field"/> of a JSON element, usable in <see cref="JsonElements"/>.</summary>
    public abstract string JsonField(string element, string field);

    /// <summary>Integer field <paramref name="field"/> of a JSON element.</summary>
    public abstract string JsonLong(string element, string field);

    /// <summary>Text field <paramref name="field"/> of a JSON element.</summary>
    public abstract string JsonText(string element, string field);

    /// <summary>The element of <see cref="JsonElements"/> alias <paramref name="alias"/>, as an integer.</summary>
    public abstract string JsonElementLong(string alias);
}
