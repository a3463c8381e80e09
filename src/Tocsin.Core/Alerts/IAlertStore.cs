namespace Tocsin.Core.Alerts;

/// <summary>
/// Alert persistence. Reads may run concurrently; all writes go through one <see cref="IAlertWriteSession"/> at a time,
/// opened by <see cref="AlertWriter"/>, which batches commands into one transaction (group commit).
/// The interface lives in Core (not Storage) so the core service can depend on it without knowing SQL.
/// </summary>
public interface IAlertStore
{
    ValueTask<IAlertWriteSession> BeginWriteAsync(CancellationToken ct);
    Task<Alert?> GetAsync(Guid tenantId, long id, CancellationToken ct);
    /// <summary>The alerts of <paramref name="ids"/> that exist, in no particular order (one statement for a delivery batch).</summary>
    Task<IReadOnlyList<Alert>> GetManyAsync(Guid tenantId, IReadOnlyList<long> ids, CancellationToken ct);
    Task<AlertPage> ListAsync(Guid tenantId, AlertQuery query, CancellationToken ct);
    Task<IReadOnlyDictionary<AlertStatus, long>> CountAsync(Guid tenantId, AlertQuery query, CancellationToken ct);
    Task<TimelinePage?> TimelineAsync(Guid tenantId, long alertId, long? afterId, int limit, CancellationToken ct);
}

/// <summary>One write transaction. Savepoints let a failing command roll back alone without failing its batch.</summary>
public interface IAlertWriteSession : IAsyncDisposable
{
    ValueTask<Alert?> GetAsync(Guid tenantId, long id, CancellationToken ct);
    /// <summary>Open (triggered, acknowledged, dropped) alerts matching <paramref name="match"/>, newest first, at most <paramref name="limit"/>.</summary>
    ValueTask<IReadOnlyList<Alert>> FindOpenAsync(Guid tenantId, OpenAlertMatch match, int limit, CancellationToken ct);
    /// <summary>
    /// Takes the dedup locks of a whole batch before its commands run, in one order that every node uses, so two nodes'
    /// batches with keys in common wait for each other instead of deadlocking (each command, locking its own key as it
    /// comes, would take them in arrival order). A no-op where one writer owns the database. A session may also read the
    /// keys' open alerts here, all in one go, to answer the batch's lookups of them.
    /// </summary>
    ValueTask LockKeysAsync(IReadOnlyCollection<DedupKeyLock> keys, CancellationToken ct);
    /// <summary>Assigns <see cref="Alert.Id"/> and the per-tenant <see cref="Alert.Number"/>.</summary>
    ValueTask InsertAsync(Alert alert, CancellationToken ct);
    ValueTask UpdateAsync(Alert alert, CancellationToken ct);
    ValueTask DeleteAsync(Guid tenantId, long id, CancellationToken ct);
    ValueTask AppendTimelineAsync(Guid tenantId, TimelineEntry entry, CancellationToken ct);
    ValueTask<IdempotencyRecord?> GetIdempotencyAsync(Guid tenantId, string scope, string key, CancellationToken ct);
    ValueTask PutIdempotencyAsync(Guid tenantId, string scope, string key, IdempotencyRecord record, DateTimeOffset now, CancellationToken ct);
    /// <summary>Escalation and outbox rows on this same transaction (#3).</summary>
    Escalation.IEscalationWrites Escalations { get; }
    /// <summary>
    /// Sends any writes the session has queued (a server database batches them into one round trip). Called at the end
    /// of a command that must fail alone if the database rejects one of them; otherwise they go with the next statement.
    /// </summary>
    ValueTask EndCommandAsync(CancellationToken ct);
    ValueTask SavepointAsync(CancellationToken ct);
    ValueTask ReleaseSavepointAsync(CancellationToken ct);
    ValueTask RollbackToSavepointAsync(CancellationToken ct);
    ValueTask CommitAsync(CancellationToken ct);
    /// <summary>True when <paramref name="e"/> means another transaction got in the way and the command can simply run again.</summary>
    bool IsTransientConflict(Exception e) => false;
}

/// <summary>A dedup key a write command will look up, declared before its batch runs (see <see cref="IAlertWriteSession.LockKeysAsync"/>).</summary>
public readonly record struct DedupKeyLock(Guid TenantId, string Key);

/// <summary>What a retried request must get back: a fingerprint of the first request and its result.</summary>
public sealed record IdempotencyRecord(string RequestHash, string Result);
