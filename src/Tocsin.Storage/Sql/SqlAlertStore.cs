using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Data.Common;
using Tocsin.Core.Alerts;

namespace Tocsin.Storage.Sql;

public sealed class SqlAlertStore(Database db) : IAlertStore, IAsyncDisposable
{
    internal sealed record WriteCommands(
        DbCommand Insert, DbCommand Update, DbCommand NextNumber, DbCommand Get, DbCommand FindOpen,
        DbCommand DeleteLabels, DbCommand InsertLabel, DbCommand Timeline, DbCommand GetIdem, DbCommand PutIdem,
        DbCommand Delete, DbCommand? DedupLock, DbCommand? DedupLocks, DbCommand? PrefetchOpen, DbCommand? InsertWithId,
        DeferredWrites Deferred)
    {
        public IEnumerable<DbCommand> InTransaction =>
            [Insert, Update, Get, FindOpen, DeleteLabels, InsertLabel, Timeline, GetIdem, PutIdem, Delete,
             .. new[] { DedupLock, DedupLocks, PrefetchOpen, InsertWithId }.OfType<DbCommand>()];
    }

    // The writer is single-threaded by contract (AlertWriter), so one connection and one set of commands serve every batch.
    private DbConnection? _writeConnection;
    private DbConnection? _numberConnection;
    private WriteCommands? _commands;
    private OnCall.SqlEscalationWrites? _escalations;
    // Outlives connection resets: numbers reserved are reserved whether or not the connection survives.
    private readonly AlertNumbers _numbers = new(db.Provider == DatabaseProvider.Sqlite ? 1 : AlertNumbers.SharedBlock);

    public async ValueTask<IAlertWriteSession> BeginWriteAsync(CancellationToken ct)
    {
        if (_writeConnection is { State: not System.Data.ConnectionState.Open })
            await ResetWriteConnectionAsync().ConfigureAwait(false); // a dropped server connection must not wedge the writer
        if (_writeConnection is null)
        {
            _writeConnection = await db.OpenAsync(ct).ConfigureAwait(false);
            // On a shared server, taking numbers inside the batch would hold the tenant row locked for the whole batch
            // and serialise every node's writes; a separate auto-committed statement holds it for one statement.
            _numberConnection = db.Provider == DatabaseProvider.Sqlite ? null : await db.OpenAsync(ct).ConfigureAwait(false);
            _commands = SqlAlertWriteSession.Prepare(db, _writeConnection, _numberConnection);
            _escalations = new OnCall.SqlEscalationWrites(db, _writeConnection, _commands.Deferred);
        }
        var turn = await db.EnterWriteAsync(ct).ConfigureAwait(false);
        try
        {
            var tx = await db.BeginWriteAsync(_writeConnection, ct).ConfigureAwait(false);
            return new SqlAlertWriteSession(db, tx, _commands!, _escalations!, ResetWriteConnectionAsync, _numbers, turn);
        }
        catch
        {
            turn?.Dispose();
            throw;
        }
    }

    private async ValueTask ResetWriteConnectionAsync()
    {
        if (_commands is not null) foreach (var c in _commands.InTransaction.Append(_commands.NextNumber)) await c.DisposeAsync().ConfigureAwait(false);
        if (_writeConnection is not null) await _writeConnection.DisposeAsync().ConfigureAwait(false);
        if (_numberConnection is not null) await _numberConnection.DisposeAsync().ConfigureAwait(false);
        _writeConnection = null;
        _numberConnection = null;
        _commands = null;
        _escalations = null;
    }

    public async Task<Alert?> GetAsync(Guid tenantId, long id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT {SqlAlertRows.Columns} FROM alerts WHERE id = @id AND tenant_id = @t";
        cmd.AddParameter("@id", id);
        cmd.AddParameter("@t", tenantId.ToString());
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await r.ReadAsync(ct).ConfigureAwait(false) ? SqlAlertRows.Read(r) : null;
    }

    public async Task<IReadOnlyList<Alert>> GetManyAsync(Guid tenantId, IReadOnlyList<long> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return [];
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var cmd = c.CreateCommand();
        var names = new string[ids.Count];
        for (var i = 0; i < ids.Count; i++)
        {
            names[i] = "@id" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            cmd.AddParameter(names[i], ids[i]);
        }
        cmd.AddParameter("@t", tenantId.ToString());
        cmd.CommandText = $"SELECT {SqlAlertRows.Columns} FROM alerts WHERE tenant_id = @t AND id IN ({string.Join(", ", names)})";
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var alerts = new List<Alert>(ids.Count);
        while (await r.ReadAsync(ct).ConfigureAwait(false)) alerts.Add(SqlAlertRows.Read(r));
        return alerts;
    }

    public async Task<AlertPage> ListAsync(Guid tenantId, AlertQuery query, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var cmd = c.CreateCommand();
        var where = Where(cmd, tenantId, query, includeStatus: true);
        var sortExpr = SortExpression(query.Sort);
        var dir = query.Descending ? "DESC" : "ASC";
        if (query.After is { } after)
        {
            where.Append(query.Descending ? $" AND ({sortExpr} < @cv OR ({sortExpr} = @cv AND a.id < @cid))" : $" AND ({sortExpr} > @cv OR ({sortExpr} = @cv AND a.id > @cid))");
            cmd.AddParameter("@cv", after.SortValue);
            cmd.AddParameter("@cid", after.Id);
        }
        cmd.CommandText = $"SELECT {Prefixed} FROM alerts a WHERE {where} ORDER BY {sortExpr} {dir}, a.id {dir} LIMIT @limit OFFSET @offset";
        cmd.AddParameter("@limit", query.Limit + 1);
        cmd.AddParameter("@offset", query.After is null ? Math.Max(0, query.Offset) : 0);
        var items = new List<Alert>(Math.Min(query.Limit + 1, 512));
        await using (var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
            while (await r.ReadAsync(ct).ConfigureAwait(false)) items.Add(SqlAlertRows.Read(r));
        AlertCursor? next = null;
        if (items.Count > query.Limit)
        {
            items.RemoveAt(items.Count - 1);
            var last = items[^1];
            next = new AlertCursor(SortValue(last, query.Sort), last.Id);
        }
        return new AlertPage(items, next);
    }

    public async Task<IReadOnlyDictionary<AlertStatus, long>> CountAsync(Guid tenantId, AlertQuery query, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var cmd = c.CreateCommand();
        var where = Where(cmd, tenantId, query, includeStatus: true);
        cmd.CommandText = $"SELECT a.status, count(*) FROM alerts a WHERE {where} GROUP BY a.status";
        var counts = Enum.GetValues<AlertStatus>().ToDictionary(s => s, _ => 0L);
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false)) counts[AlertStatusNames.Parse(r.GetString(0))] = r.GetInt64(1);
        return counts;
    }

    public async Task<TimelinePage?> TimelineAsync(Guid tenantId, long alertId, long? afterId, int limit, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using (var exists = c.CreateCommand())
        {
            exists.CommandText = "SELECT 1 FROM alerts WHERE id = @id AND tenant_id = @t";
            exists.AddParameter("@id", alertId);
            exists.AddParameter("@t", tenantId.ToString());
            if (await exists.ExecuteScalarAsync(ct).ConfigureAwait(false) is null) return null;
        }
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT id, alert_id, type, at, actor, text, vars FROM timeline WHERE alert_id = @a AND tenant_id = @t AND id > @after ORDER BY id LIMIT @limit";
        cmd.AddParameter("@a", alertId);
        cmd.AddParameter("@t", tenantId.ToString());
        cmd.AddParameter("@after", afterId ?? 0);
        cmd.AddParameter("@limit", limit + 1);
        var items = new List<TimelineEntry>();
        await using (var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await r.ReadAsync(ct).ConfigureAwait(false))
            {
                items.Add(new TimelineEntry(r.GetInt64(0), r.GetInt64(1), r.GetString(2), SqlAlertRows.Time(r.GetInt64(3)), Actor.Parse(r.GetString(4)),
                    r.GetString(5), r.IsDBNull(6) ? null : JsonSerializer.Deserialize(r.GetString(6), StorageJson.Default.DictionaryStringString)));
            }
        }
        long? next = null;
        if (items.Count > limit)
        {
            items.RemoveAt(items.Count - 1);
            next = items[^1].Id;
        }
        return new TimelinePage(items, next);
    }

    private static readonly string Prefixed = string.Join(", ", SqlAlertRows.Columns.Split(", ").Select(c => "a." + c));

    private StringBuilder Where(DbCommand cmd, Guid tenantId, AlertQuery q, bool includeStatus)
    {
        var sb = new StringBuilder("a.tenant_id = @t");
        cmd.AddParameter("@t", tenantId.ToString());
        if (includeStatus && q.Statuses.Count > 0) In(sb, cmd, "a.status", "st", q.Statuses.Select(s => s.ToWire()));
        if (q.Priorities.Count > 0) In(sb, cmd, "a.priority", "pr", q.Priorities.Select(p => p.ToWire()));
        if (q.Sources.Count > 0) In(sb, cmd, "a.source", "src", q.Sources);
        if (q.AssigneeUserId is { } assignee)
        {
            sb.Append(" AND a.assignee_user_id = @assignee");
            cmd.AddParameter("@assignee", assignee);
        }
        if (q.SourceIds.Count > 0) InLong(sb, cmd, "a.source_id", "sid", q.SourceIds);
        if (q.PolicyIds.Count > 0)
        {
            sb.Append(" AND EXISTS (SELECT 1 FROM escalations e WHERE e.alert_id = a.id");
            InLong(sb, cmd, "e.policy_id", "pol", q.PolicyIds);
            sb.Append(')');
        }
        if (q.ResponderUserIds.Count > 0)
        {
            sb.Append(" AND EXISTS (SELECT 1 FROM ").Append(db.JsonElements("a.responders", "j")).Append(" WHERE 1 = 1");
            InLong(sb, cmd, db.JsonLong("j.value", "userId"), "rsp", q.ResponderUserIds);
            sb.Append(')');
        }
        if (q.DedupKey is not null)
        {
            sb.Append(" AND a.dedup_key = @dedup");
            cmd.AddParameter("@dedup", q.DedupKey);
        }
        for (var i = 0; i < q.Labels.Count; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $" AND EXISTS (SELECT 1 FROM alert_labels l WHERE l.tenant_id = @t AND l.key = @lk{i} AND l.value = @lv{i} AND l.alert_id = a.id)");
            cmd.AddParameter($"@lk{i}", q.Labels[i].Key);
            cmd.AddParameter($"@lv{i}", q.Labels[i].Value);
        }
        if (!string.IsNullOrEmpty(q.Text))
        {
            // Substring search without an index; the tenant and other filters narrow it first.
            sb.Append(" AND ").Append(db.ContainsIgnoreCase("a.title", "@text"));
            cmd.AddParameter("@text", q.Text);
        }
        if (q.CreatedFrom is { } from)
        {
            sb.Append(" AND a.created_at >= @from");
            cmd.AddParameter("@from", from.ToUnixTimeMilliseconds());
        }
        if (q.CreatedUntil is { } until)
        {
            sb.Append(" AND a.created_at < @until");
            cmd.AddParameter("@until", until.ToUnixTimeMilliseconds());
        }
        return sb;
    }

    private static void In(StringBuilder sb, DbCommand cmd, string column, string prefix, IEnumerable<string> values)
    {
        var names = new List<string>();
        foreach (var v in values)
        {
            var name = $"@{prefix}{names.Count}";
            names.Add(name);
            cmd.AddParameter(name, v);
        }
        sb.Append(" AND ").Append(column).Append(" IN (").Append(string.Join(", ", names)).Append(')');
    }

    private static void InLong(StringBuilder sb, DbCommand cmd, string column, string prefix, IReadOnlyList<long> values)
    {
        var names = new string[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            names[i] = $"@{prefix}{i}";
            cmd.AddParameter(names[i], values[i]);
        }
        sb.Append(" AND ").Append(column).Append(" IN (").Append(string.Join(", ", names)).Append(')');
    }

    private static string SortExpression(AlertSortField f) => f switch
    {
        AlertSortField.LastSeenAt => "a.last_seen_at",
        AlertSortField.Number => "a.number",
        // Ranked so that "descending" means most urgent first.
        AlertSortField.Priority => "(CASE a.priority WHEN 'critical' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END)",
        _ => "a.created_at",
    };

    private static long SortValue(Alert a, AlertSortField f) => f switch
    {
        AlertSortField.LastSeenAt => a.LastSeenAt.ToUnixTimeMilliseconds(),
        AlertSortField.Number => a.Number,
        AlertSortField.Priority => 4 - (int)a.Priority,
        _ => a.CreatedAt.ToUnixTimeMilliseconds(),
    };

    public ValueTask DisposeAsync() => ResetWriteConnectionAsync();
}
