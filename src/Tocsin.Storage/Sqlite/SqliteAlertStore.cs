using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Tocsin.Core.Alerts;

namespace Tocsin.Storage.Sqlite;

public sealed class SqliteAlertStore(SqliteDatabase db) : IAlertStore, IAsyncDisposable
{
    internal sealed record WriteCommands(
        SqliteCommand Insert, SqliteCommand Update, SqliteCommand NextNumber, SqliteCommand Get, SqliteCommand FindOpen,
        SqliteCommand DeleteLabels, SqliteCommand InsertLabel, SqliteCommand Timeline, SqliteCommand GetIdem, SqliteCommand PutIdem,
        SqliteCommand Delete)
    {
        public IEnumerable<SqliteCommand> All => [Insert, Update, NextNumber, Get, FindOpen, DeleteLabels, InsertLabel, Timeline, GetIdem, PutIdem, Delete];
    }

    // The writer is single-threaded by contract (AlertWriter), so one connection and one set of commands serve every batch.
    private SqliteConnection? _writeConnection;
    private WriteCommands? _commands;
    private OnCall.SqliteEscalationWrites? _escalations;

    public async ValueTask<IAlertWriteSession> BeginWriteAsync(CancellationToken ct)
    {
        if (_writeConnection is null)
        {
            _writeConnection = await db.OpenAsync(ct).ConfigureAwait(false);
            _commands = SqliteAlertWriteSession.Prepare(_writeConnection);
            _escalations = new OnCall.SqliteEscalationWrites(_writeConnection);
        }
        return SqliteAlertWriteSession.Begin(_writeConnection, _commands!, _escalations!);
    }

    public async Task<Alert?> GetAsync(Guid tenantId, long id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT {SqliteAlertRows.Columns} FROM alerts WHERE id = @id AND tenant_id = @t";
        cmd.Parameters.AddWithValue("@id", id);
        cmd.Parameters.AddWithValue("@t", tenantId.ToString());
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await r.ReadAsync(ct).ConfigureAwait(false) ? SqliteAlertRows.Read(r) : null;
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
            cmd.Parameters.AddWithValue("@cv", after.SortValue);
            cmd.Parameters.AddWithValue("@cid", after.Id);
        }
        cmd.CommandText = $"SELECT {Prefixed} FROM alerts a WHERE {where} ORDER BY {sortExpr} {dir}, a.id {dir} LIMIT @limit OFFSET @offset";
        cmd.Parameters.AddWithValue("@limit", query.Limit + 1);
        cmd.Parameters.AddWithValue("@offset", query.After is null ? Math.Max(0, query.Offset) : 0);
        var items = new List<Alert>(Math.Min(query.Limit + 1, 512));
        await using (var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
            while (await r.ReadAsync(ct).ConfigureAwait(false)) items.Add(SqliteAlertRows.Read(r));
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
            exists.Parameters.AddWithValue("@id", alertId);
            exists.Parameters.AddWithValue("@t", tenantId.ToString());
            if (await exists.ExecuteScalarAsync(ct).ConfigureAwait(false) is null) return null;
        }
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT id, alert_id, type, at, actor, text, vars FROM timeline WHERE alert_id = @a AND tenant_id = @t AND id > @after ORDER BY id LIMIT @limit";
        cmd.Parameters.AddWithValue("@a", alertId);
        cmd.Parameters.AddWithValue("@t", tenantId.ToString());
        cmd.Parameters.AddWithValue("@after", afterId ?? 0);
        cmd.Parameters.AddWithValue("@limit", limit + 1);
        var items = new List<TimelineEntry>();
        await using (var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await r.ReadAsync(ct).ConfigureAwait(false))
            {
                items.Add(new TimelineEntry(r.GetInt64(0), r.GetInt64(1), r.GetString(2), SqliteAlertRows.Time(r.GetInt64(3)), Actor.Parse(r.GetString(4)),
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

    private static readonly string Prefixed = string.Join(", ", SqliteAlertRows.Columns.Split(", ").Select(c => "a." + c));

    private static StringBuilder Where(SqliteCommand cmd, Guid tenantId, AlertQuery q, bool includeStatus)
    {
        var sb = new StringBuilder("a.tenant_id = @t");
        cmd.Parameters.AddWithValue("@t", tenantId.ToString());
        if (includeStatus && q.Statuses.Count > 0) In(sb, cmd, "a.status", "st", q.Statuses.Select(s => s.ToWire()));
        if (q.Priorities.Count > 0) In(sb, cmd, "a.priority", "pr", q.Priorities.Select(p => p.ToWire()));
        if (q.Sources.Count > 0) In(sb, cmd, "a.source", "src", q.Sources);
        if (q.AssigneeUserId is { } assignee)
        {
            sb.Append(" AND a.assignee_user_id = @assignee");
            cmd.Parameters.AddWithValue("@assignee", assignee);
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
            sb.Append(" AND EXISTS (SELECT 1 FROM json_each(a.responders) j WHERE 1 = 1");
            InLong(sb, cmd, "json_extract(j.value, '$.userId')", "rsp", q.ResponderUserIds);
            sb.Append(')');
        }
        if (q.DedupKey is not null)
        {
            sb.Append(" AND a.dedup_key = @dedup");
            cmd.Parameters.AddWithValue("@dedup", q.DedupKey);
        }
        for (var i = 0; i < q.Labels.Count; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $" AND EXISTS (SELECT 1 FROM alert_labels l WHERE l.tenant_id = @t AND l.key = @lk{i} AND l.value = @lv{i} AND l.alert_id = a.id)");
            cmd.Parameters.AddWithValue($"@lk{i}", q.Labels[i].Key);
            cmd.Parameters.AddWithValue($"@lv{i}", q.Labels[i].Value);
        }
        if (!string.IsNullOrEmpty(q.Text))
        {
            // Substring search without an index; the tenant and other filters narrow it first.
            sb.Append(" AND instr(lower(a.title), lower(@text)) > 0");
            cmd.Parameters.AddWithValue("@text", q.Text);
        }
        if (q.CreatedFrom is { } from)
        {
            sb.Append(" AND a.created_at >= @from");
            cmd.Parameters.AddWithValue("@from", from.ToUnixTimeMilliseconds());
        }
        if (q.CreatedUntil is { } until)
        {
            sb.Append(" AND a.created_at < @until");
            cmd.Parameters.AddWithValue("@until", until.ToUnixTimeMilliseconds());
        }
        return sb;
    }

    private static void In(StringBuilder sb, SqliteCommand cmd, string column, string prefix, IEnumerable<string> values)
    {
        var names = new List<string>();
        foreach (var v in values)
        {
            var name = $"@{prefix}{names.Count}";
            names.Add(name);
            cmd.Parameters.AddWithValue(name, v);
        }
        sb.Append(" AND ").Append(column).Append(" IN (").Append(string.Join(", ", names)).Append(')');
    }

    private static void InLong(StringBuilder sb, SqliteCommand cmd, string column, string prefix, IReadOnlyList<long> values)
    {
        var names = new string[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            names[i] = $"@{prefix}{i}";
            cmd.Parameters.AddWithValue(names[i], values[i]);
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

    public async ValueTask DisposeAsync()
    {
        if (_commands is not null) foreach (var c in _commands.All) await c.DisposeAsync().ConfigureAwait(false);
        if (_writeConnection is not null) await _writeConnection.DisposeAsync().ConfigureAwait(false);
    }
}
