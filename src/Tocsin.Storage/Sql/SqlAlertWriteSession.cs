using System.Text.Json;
using System.Data.Common;
using Tocsin.Core.Alerts;

namespace Tocsin.Storage.Sql;

/// <summary>
/// One write transaction on the store's dedicated write connection. Commands are created once and re-bound, since the
/// single writer runs hundreds of statements per batch and re-preparing them would dominate the cost.
/// </summary>
internal sealed class SqlAlertWriteSession : IAlertWriteSession
{
    private const string InsertSql =
        "INSERT INTO alerts (tenant_id, number, title, details, source, source_id, dedup_key, priority, severity, status, labels, tags, links, images, meta, " +
        "count, first_seen_at, last_seen_at, created_at, updated_at, acknowledged_at, acknowledged_by, resolved_at, resolved_by, archived_at, archived_by, " +
        "assignee_user_id, responders, parent_id) VALUES (@tenant_id, @number, @title, @details, @source, @source_id, @dedup_key, @priority, @severity, @status, " +
        "@labels, @tags, @links, @images, @meta, @count, @first_seen_at, @last_seen_at, @created_at, @updated_at, @acknowledged_at, @acknowledged_by, " +
        "@resolved_at, @resolved_by, @archived_at, @archived_by, @assignee_user_id, @responders, @parent_id)";

    private const string UpdateSql =
        "UPDATE alerts SET title=@title, details=@details, source=@source, source_id=@source_id, dedup_key=@dedup_key, priority=@priority, severity=@severity, " +
        "status=@status, labels=@labels, tags=@tags, links=@links, images=@images, meta=@meta, count=@count, first_seen_at=@first_seen_at, " +
        "last_seen_at=@last_seen_at, created_at=@created_at, updated_at=@updated_at, acknowledged_at=@acknowledged_at, acknowledged_by=@acknowledged_by, " +
        "resolved_at=@resolved_at, resolved_by=@resolved_by, archived_at=@archived_at, archived_by=@archived_by, assignee_user_id=@assignee_user_id, " +
        "responders=@responders, parent_id=@parent_id WHERE id=@id AND tenant_id=@tenant_id";

    /// <summary>The insert with an id drawn ahead (<see cref="PrefetchedOpenAlerts"/>): it answers nothing, so it can wait in the queue.</summary>
    private static readonly string InsertWithIdSql = InsertSql.Replace("(tenant_id,", "(id, tenant_id,").Replace("(@tenant_id,", "(@id, @tenant_id,");

    private readonly Database _db;
    private readonly PrefetchedOpenAlerts _prefetched = new();
    private readonly DbTransaction _tx;
    private readonly SqlAlertStore.WriteCommands _commands;
    private readonly OnCall.SqlEscalationWrites _escalations;
    private readonly Func<ValueTask> _resetConnection;
    private readonly AlertNumbers _numbers;
    private readonly IDisposable? _turn;
    private bool _committed;

    internal SqlAlertWriteSession(Database db, DbTransaction tx, SqlAlertStore.WriteCommands commands, OnCall.SqlEscalationWrites escalations,
        Func<ValueTask> resetConnection, AlertNumbers numbers, IDisposable? turn)
    {
        _turn = turn;
        _db = db;
        _numbers = numbers;
        _tx = tx;
        _commands = commands;
        _escalations = escalations;
        _resetConnection = resetConnection;
        foreach (var cmd in commands.InTransaction) cmd.Transaction = tx;
        commands.Deferred.Transaction = tx;
        // On SQLite the numbers come from the write transaction's own connection, so the command must join it.
        if (commands.NextNumber.Connection == tx.Connection) commands.NextNumber.Transaction = tx;
        escalations.Enlist(tx);
    }

    public Tocsin.Core.Escalation.IEscalationWrites Escalations => _escalations;

    /// <param name="numbers">A separate auto-committing connection for per-tenant numbers, or null to take them in the write transaction.</param>
    public static SqlAlertStore.WriteCommands Prepare(Database db, DbConnection c, DbConnection? numbers) => new(
        // SQLite: no RETURNING on the two statements every new alert runs (see InsertAsync).
        Insert: Cmd(c, db.Provider == DatabaseProvider.Sqlite ? InsertSql : InsertSql + " RETURNING id"),
        Update: Cmd(c, UpdateSql),
        NextNumber: Cmd(numbers ?? c, AlertNumbers.ReserveSql(db.Provider)),
        Get: Cmd(c, $"SELECT {SqlAlertRows.Columns} FROM alerts WHERE id = @id AND tenant_id = @t{db.ForUpdate}"),
        FindOpen: Cmd(c, $"SELECT {SqlAlertRows.Columns} FROM alerts WHERE tenant_id = @t AND dedup_key = @k AND status IN ('triggered','acknowledged','dropped') ORDER BY id DESC LIMIT 1{db.ForUpdate}"),
        DeleteLabels: Cmd(c, "DELETE FROM alert_labels WHERE alert_id = @id"),
        InsertLabel: Cmd(c, "INSERT INTO alert_labels (alert_id, tenant_id, key, value) VALUES (@id, @t, @k, @v)"),
        Timeline: Cmd(c, "INSERT INTO timeline (tenant_id, alert_id, type, at, actor, text, vars) VALUES (@t, @a, @type, @at, @actor, @text, @vars)"),
        GetIdem: Cmd(c, "SELECT request_hash, result FROM idempotency WHERE tenant_id = @t AND scope = @s AND key = @k"),
        PutIdem: Cmd(c, "INSERT INTO idempotency (tenant_id, scope, key, request_hash, result, created_at) VALUES (@t, @s, @k, @h, @r, @now)"),
        Delete: Cmd(c, "DELETE FROM alerts WHERE id = @id AND tenant_id = @t"),
        // Where the dedup decision needs a lock (several nodes), the lock and the lookup go in one round trip.
        DedupLock: db.DedupLockSql is { } lockSql ? Cmd(c, lockSql) : null,
        DedupLocks: db.DedupLocksSql is { } locksSql ? Cmd(c, locksSql) : null,
        // Where a statement is a round trip, a batch reads the open alerts of all its keys at once and draws the ids of
        // its new alerts ahead (see LockKeysAsync); on SQLite each lookup and insert costs no more than its share would.
        // One row per key: its newest open alert, or an id drawn for the alert it may open. A lateral lookup per key,
        // not "(tenant_id, dedup_key) IN (unnest ...)": that form's plan, cached while the table was empty and not
        // analysed since, hash-joined every open alert on each execution.
        PrefetchOpen: db.IsShared
            ? Cmd(c, $"SELECT o.*, CASE WHEN o.id IS NULL THEN nextval(pg_get_serial_sequence('alerts', 'id')) END " +
                     $"FROM unnest(@pt::text[], @pk::text[]) AS w(t, k) LEFT JOIN LATERAL (SELECT {SqlAlertRows.Columns} FROM alerts " +
                     $"WHERE tenant_id = w.t AND dedup_key = w.k AND status IN ('triggered','acknowledged','dropped') ORDER BY id DESC LIMIT 1{db.ForUpdate}) o ON true")
            : null,
        InsertWithId: db.IsShared ? Cmd(c, InsertWithIdSql) : null,
        Deferred: new DeferredWrites(c, defer: db.IsShared));

    private static DbCommand Cmd(DbConnection c, string sql) => ReboundCommand.Create(c, sql);


    public async ValueTask<Alert?> GetAsync(Guid tenantId, long id, CancellationToken ct)
    {
        await Deferred.FlushAsync(ct).ConfigureAwait(false);
        var cmd = _commands.Get;
        cmd.Set("@id", id);
        cmd.Set("@t", tenantId.ToString());
        return await ReadOneAsync(cmd, ct).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<Alert>> FindOpenAsync(Guid tenantId, OpenAlertMatch match, int limit, CancellationToken ct)
    {
        // Nodes sharing a database each run their own writer: the dedup decision below must not interleave with another
        // node's for the same key (or source), so on PostgreSQL it holds a transaction lock on it until commit.
        // The hot case (one open alert per key, the default) keeps its prepared statement, lock included; the source-wide
        // modes build theirs.
        if (match is { DedupKey: { } key, SourceId: null, PendingOnly: false, CreatedSince: null, Title: null } && limit == 1)
        {
            if (_prefetched.TryTake(tenantId, key, out var known)) return known is null ? [] : [known];
            var cmd = _commands.FindOpen;
            cmd.Set("@t", tenantId.ToString());
            cmd.Set("@k", key);
            if (_commands.DedupLock is { } dedupLock)
            {
                dedupLock.Set("@lock", DedupLockName(tenantId, match));
                await using var locked = await Deferred.ReadAsync(ct, dedupLock, cmd).ConfigureAwait(false);
                await locked.NextResultAsync(ct).ConfigureAwait(false); // past the lock's own row
                return await locked.ReadAsync(ct).ConfigureAwait(false) ? [SqlAlertRows.Read(locked)] : [];
            }
            await using var r = await Deferred.ReadAsync(ct, cmd).ConfigureAwait(false);
            return await r.ReadAsync(ct).ConfigureAwait(false) ? [SqlAlertRows.Read(r)] : [];
        }
        await Deferred.FlushAsync(ct).ConfigureAwait(false);
        if (_commands.DedupLock is { } sourceOrKeyLock)
        {
            sourceOrKeyLock.Set("@lock", DedupLockName(tenantId, match));
            await sourceOrKeyLock.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await using var q = _tx.Connection!.CreateCommand();
        q.Transaction = _tx;
        var sql = new System.Text.StringBuilder($"SELECT {SqlAlertRows.Columns} FROM alerts WHERE tenant_id = @t AND status IN ")
            .Append(match.PendingOnly ? "('triggered','dropped')" : "('triggered','acknowledged','dropped')");
        q.AddParameter("@t", tenantId.ToString());
        if (match.DedupKey is { } k) { sql.Append(" AND dedup_key = @k"); q.AddParameter("@k", k); }
        if (match.SourceId is { } source) { sql.Append(" AND source_id = @s"); q.AddParameter("@s", source); }
        if (match.CreatedSince is { } since) { sql.Append(" AND created_at >= @since"); q.AddParameter("@since", since.ToUnixTimeMilliseconds()); }
        if (match.Title is { } title) { sql.Append(" AND title = @title"); q.AddParameter("@title", title); }
        sql.Append(" ORDER BY id DESC LIMIT @limit").Append(_db.ForUpdate);
        q.AddParameter("@limit", limit);
        q.CommandText = sql.ToString();
        var found = new List<Alert>();
        await using (var r = await q.ExecuteReaderAsync(ct).ConfigureAwait(false))
            while (await r.ReadAsync(ct).ConfigureAwait(false)) found.Add(SqlAlertRows.Read(r));
        return found;
    }

    /// <summary>What the dedup lock is taken on: the key, or the source for the source-wide creation modes.</summary>
    private static string DedupLockName(Guid tenantId, OpenAlertMatch match) =>
        match.DedupKey is { } key ? KeyLockName(tenantId, key) : $"{tenantId}|source|{match.SourceId}";

    private static string KeyLockName(Guid tenantId, string key) => $"{tenantId}|key|{key}";

    public async ValueTask LockKeysAsync(IReadOnlyCollection<DedupKeyLock> keys, CancellationToken ct)
    {
        if (_commands.DedupLocks is not { } cmd || keys.Count == 0) return;
        var distinct = keys.Distinct().ToList();
        cmd.Set("@names", distinct.Select(k => KeyLockName(k.TenantId, k.Key)).Distinct(StringComparer.Ordinal).ToArray());
        await Deferred.ExecuteAsync(cmd, ct).ConfigureAwait(false);
        if (_commands.PrefetchOpen is not { } prefetch) return;

        // One round trip (the locks go with it) instead of one per command's lookup and one per new alert's insert. The
        // ids are drawn after the keys' locks are held, so for one key they still follow the order alerts are created in.
        prefetch.Set("@pt", distinct.Select(k => k.TenantId.ToString()).ToArray());
        prefetch.Set("@pk", distinct.Select(k => k.Key).ToArray());
        var open = new List<Alert>();
        var ids = new List<long>();
        await using (var r = await Deferred.ReadAsync(ct, prefetch).ConfigureAwait(false))
            while (await r.ReadAsync(ct).ConfigureAwait(false))
                if (r.IsDBNull(0)) ids.Add(r.GetInt64(SqlAlertRows.ColumnCount));
                else open.Add(SqlAlertRows.Read(r));
        _prefetched.Load(distinct.Select(k => (k.TenantId, k.Key)), open, ids);
    }

    private static async ValueTask<Alert?> ReadOneAsync(DbCommand cmd, CancellationToken ct)
    {
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await r.ReadAsync(ct).ConfigureAwait(false) ? SqlAlertRows.Read(r) : null;
    }

    public async ValueTask InsertAsync(Alert alert, CancellationToken ct)
    {
        alert.Number = await _numbers.NextAsync(_commands.NextNumber, alert.TenantId, ct).ConfigureAwait(false);

        // With an id drawn ahead, the insert answers nothing and waits in the queue.
        var drawn = _commands.InsertWithId is not null && _prefetched.TryTakeId(out var id) ? id : (long?)null;
        var cmd = drawn is null ? _commands.Insert : _commands.InsertWithId!;
        SqlAlertRows.Bind(cmd, alert);
        cmd.Set("@tenant_id", alert.TenantId.ToString());
        cmd.Set("@number", alert.Number);
        if (drawn is { } given)
        {
            alert.Id = given;
            cmd.Set("@id", given);
            await Deferred.ExecuteAsync(cmd, ct).ConfigureAwait(false);
        }
        else if (_tx.Connection is Microsoft.Data.Sqlite.SqliteConnection sqlite)
        {
            // On SQLite a statement with RETURNING left the transaction's in-memory sub-journal non-empty: every later
            // statement's end walked its chunk list (memjrnlTruncate, 7-10% of the server's CPU under batched ingest,
            // with the page copies into it on top). The rowid of the insert is free on the connection instead.
            await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            alert.Id = SQLitePCL.raw.sqlite3_last_insert_rowid(sqlite.Handle);
        }
        else
        {
            await using var r = await Deferred.ReadAsync(ct, cmd).ConfigureAwait(false);
            await r.ReadAsync(ct).ConfigureAwait(false);
            alert.Id = r.GetInt64(0);
        }
        await WriteLabelsAsync(alert, ct).ConfigureAwait(false);
        _prefetched.Inserted(alert);
    }

    public async ValueTask UpdateAsync(Alert alert, CancellationToken ct)
    {
        var cmd = _commands.Update;
        SqlAlertRows.Bind(cmd, alert);
        cmd.Set("@id", alert.Id);
        cmd.Set("@tenant_id", alert.TenantId.ToString());
        await Deferred.ExecuteAsync(cmd, ct).ConfigureAwait(false);
        if (alert.LabelsChanged)
        {
            var del = _commands.DeleteLabels;
            del.Set("@id", alert.Id);
            await Deferred.ExecuteAsync(del, ct).ConfigureAwait(false);
            await WriteLabelsAsync(alert, ct).ConfigureAwait(false);
        }
        _prefetched.Updated(alert);
    }

    private async ValueTask WriteLabelsAsync(Alert alert, CancellationToken ct)
    {
        var cmd = _commands.InsertLabel;
        foreach (var (key, value) in alert.Labels)
        {
            cmd.Set("@id", alert.Id);
            cmd.Set("@t", alert.TenantId.ToString());
            cmd.Set("@k", key);
            cmd.Set("@v", value);
            await Deferred.ExecuteAsync(cmd, ct).ConfigureAwait(false);
        }
        alert.AcceptChanges();
    }

    public async ValueTask DeleteAsync(Guid tenantId, long id, CancellationToken ct)
    {
        _prefetched.Deleted(id);
        var cmd = _commands.Delete;
        cmd.Set("@id", id);
        cmd.Set("@t", tenantId.ToString());
        await Deferred.ExecuteAsync(cmd, ct).ConfigureAwait(false);
    }

    public async ValueTask AppendTimelineAsync(Guid tenantId, TimelineEntry entry, CancellationToken ct)
    {
        var cmd = _commands.Timeline;
        cmd.Set("@t", tenantId.ToString());
        cmd.Set("@a", entry.AlertId);
        cmd.Set("@type", entry.Type);
        cmd.Set("@at", entry.At.ToUnixTimeMilliseconds());
        cmd.Set("@actor", entry.Actor.ToString());
        cmd.Set("@text", entry.Text);
        cmd.Set("@vars", entry.Vars is null ? null : JsonSerializer.Serialize(entry.Vars.ToDictionary(), StorageJson.Default.DictionaryStringString));
        await Deferred.ExecuteAsync(cmd, ct).ConfigureAwait(false);
    }

    public async ValueTask<IdempotencyRecord?> GetIdempotencyAsync(Guid tenantId, string scope, string key, CancellationToken ct)
    {
        await Deferred.FlushAsync(ct).ConfigureAwait(false);
        var cmd = _commands.GetIdem;
        cmd.Set("@t", tenantId.ToString());
        cmd.Set("@s", scope);
        cmd.Set("@k", key);
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await r.ReadAsync(ct).ConfigureAwait(false) ? new IdempotencyRecord(r.GetString(0), r.GetString(1)) : null;
    }

    public async ValueTask PutIdempotencyAsync(Guid tenantId, string scope, string key, IdempotencyRecord record, DateTimeOffset now, CancellationToken ct)
    {
        var cmd = _commands.PutIdem;
        cmd.Set("@t", tenantId.ToString());
        cmd.Set("@s", scope);
        cmd.Set("@k", key);
        cmd.Set("@h", record.RequestHash);
        cmd.Set("@r", record.Result);
        cmd.Set("@now", now.ToUnixTimeMilliseconds());
        await Deferred.ExecuteAsync(cmd, ct).ConfigureAwait(false);
    }

    private DeferredWrites Deferred => _commands.Deferred;

    public ValueTask EndCommandAsync(CancellationToken ct) => Deferred.FlushAsync(ct);

    public async ValueTask SavepointAsync(CancellationToken ct)
    {
        await Deferred.FlushAsync(ct).ConfigureAwait(false);
        await _tx.SaveAsync("cmd", ct).ConfigureAwait(false);
    }

    public async ValueTask ReleaseSavepointAsync(CancellationToken ct)
    {
        await Deferred.FlushAsync(ct).ConfigureAwait(false);
        await _tx.ReleaseAsync("cmd", ct).ConfigureAwait(false);
    }

    public async ValueTask RollbackToSavepointAsync(CancellationToken ct)
    {
        Deferred.Discard();
        _prefetched.Forget();
        await _tx.RollbackAsync("cmd", ct).ConfigureAwait(false);
        await _tx.ReleaseAsync("cmd", ct).ConfigureAwait(false);
    }

    public bool IsTransientConflict(Exception e) => _db.IsTransientConflict(e);

    public async ValueTask CommitAsync(CancellationToken ct)
    {
        await Deferred.FlushAsync(ct).ConfigureAwait(false);
        await _tx.CommitAsync(ct).ConfigureAwait(false);
        _committed = true;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_committed) await _tx.RollbackAsync().ConfigureAwait(false);
        }
        catch (DbException)
        {
            await _resetConnection().ConfigureAwait(false); // the connection is gone; the next batch opens a new one
        }
        finally
        {
            await _tx.DisposeAsync().ConfigureAwait(false);
            foreach (var cmd in _commands.InTransaction) cmd.Transaction = null;
            _commands.Deferred.Discard();
            _commands.Deferred.Transaction = null;
            if (_commands.NextNumber.Transaction == _tx) _commands.NextNumber.Transaction = null;
            _escalations.Enlist(null);
            _turn?.Dispose();
        }
    }
}
