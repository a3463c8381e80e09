using Dapper;
using System.Text.Json;
using System.Data.Common;
using Tocsin.Core.Escalation;
using Tocsin.Core.OnCall;
using static Tocsin.Storage.Sql.OnCall.OnCallRows;

namespace Tocsin.Storage.Sql.OnCall;

/// <summary>
/// Escalation and outbox statements on the alert store's single write connection. The hot ones (state read/write,
/// outbox insert, and the source, policy and maintenance reads every new alert of a source makes) are prepared once and
/// re-bound, like the alert session's: Microsoft.Data.Sqlite keeps a statement prepared only as long as its command
/// object lives, so a Dapper call re-parses its SQL every time. Re-bound means values set on the parameter objects the
/// command was created with (<see cref="ReboundCommand"/>), never new ones. Rare lookups go through Dapper on the same transaction.
/// Writes go through the alert session's <see cref="DeferredWrites"/>, and every other statement sends those first.
/// </summary>
internal sealed class SqlEscalationWrites : IEscalationWrites
{
    private readonly DbConnection _connection;
    private readonly DbCommand _get;
    private readonly DbCommand _put;
    private readonly DbCommand _outbox;
    private readonly DbCommand _source;
    private readonly DbCommand _policy;
    private readonly DbCommand _windows;
    private readonly DbCommand _version;
    private readonly DeferredWrites _deferred;
    private DbTransaction? _tx;

    // Snapshots repeat across thousands of rows; parsing each distinct JSON text once keeps a 10k-step tick cheap.
    private readonly Dictionary<string, EscalationPolicy> _snapshots = new(StringComparer.Ordinal);
    private readonly Dictionary<EscalationPolicy, string> _snapshotJson = new(ReferenceEqualityComparer.Instance);
    // A source's policy is read for every alert it triggers; an unchanged row (same id, name, rules text...) parses once.
    private readonly Dictionary<SqlEscalationPolicyStore.Row, EscalationPolicy> _policies = [];

    /// <param name="deferred">The alert session's queue on the same connection: writes go there, and every other statement sends it first.</param>
    public SqlEscalationWrites(Database db, DbConnection connection, DeferredWrites deferred)
    {
        _connection = connection;
        _deferred = deferred;
        // Locked until commit on PostgreSQL: a node running the same step waits, then sees it moved on and does nothing.
        _get = Cmd($"SELECT policy_snapshot, rule_index, repeat_round, next_due_at, stopped FROM escalations WHERE alert_id = @a AND tenant_id = @t{db.ForUpdate}");
        _put = Cmd("INSERT INTO escalations (alert_id, tenant_id, policy_id, policy_snapshot, rule_index, repeat_round, next_due_at, stopped, updated_at) " +
            "VALUES (@a, @t, @p, @s, @r, @round, @due, @stopped, @now) ON CONFLICT(alert_id) DO UPDATE SET policy_id = excluded.policy_id, " +
            "policy_snapshot = excluded.policy_snapshot, rule_index = excluded.rule_index, repeat_round = excluded.repeat_round, " +
            "next_due_at = excluded.next_due_at, stopped = excluded.stopped, updated_at = excluded.updated_at, claimed_by = NULL, lease_until = NULL");
        _outbox = Cmd("INSERT INTO outbox (tenant_id, alert_id, user_id, channel, event_type, payload, status, attempt, next_attempt_at, created_at, idempotency_key) " +
            "VALUES (@t, @a, @u, @c, @e, @p, @s, 0, @now, @now, @k) ON CONFLICT(idempotency_key) DO NOTHING");
        _source = Cmd(SqlAlertSourceStore.ByIdSql);
        _policy = Cmd(SqlEscalationPolicyStore.ByIdSql);
        _windows = Cmd(SqlMaintenanceWindowStore.ActiveSql);
        _version = Cmd(SqlConfigVersions.CurrentSql);
    }

    private DbCommand Cmd(string sql) => ReboundCommand.Create(_connection, sql);

    public void Enlist(DbTransaction? tx)
    {
        _tx = tx;
        _get.Transaction = tx;
        _put.Transaction = tx;
        _outbox.Transaction = tx;
        _source.Transaction = tx;
        _policy.Transaction = tx;
        _windows.Transaction = tx;
        _version.Transaction = tx;
        OutboxWritten = false;
    }

    public bool OutboxWritten { get; private set; }

    public async ValueTask<long> ConfigVersionAsync(Guid tenantId, CancellationToken ct)
    {
        await _deferred.FlushAsync(ct).ConfigureAwait(false);
        _version.Set("@t", T(tenantId));
        return await _version.ExecuteScalarAsync(ct).ConfigureAwait(false) is { } v and not DBNull ? Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    public async ValueTask<EscalationState?> GetAsync(Guid tenantId, long alertId, CancellationToken ct)
    {
        await _deferred.FlushAsync(ct).ConfigureAwait(false);
        _get.Set("@a", alertId);
        _get.Set("@t", T(tenantId));
        await using var r = await _get.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await r.ReadAsync(ct).ConfigureAwait(false)) return null;
        var json = r.GetString(0);
        if (!_snapshots.TryGetValue(json, out var policy))
        {
            policy = JsonSerializer.Deserialize(json, OnCallStorageJson.Default.EscalationPolicy)!;
            if (_snapshots.Count > 10_000) { _snapshots.Clear(); _snapshotJson.Clear(); }
            _snapshots[json] = policy;
            _snapshotJson[policy] = json;
        }
        return new EscalationState(policy, (int)r.GetInt64(1), (int)r.GetInt64(2),
            r.IsDBNull(3) ? null : Time(r.GetInt64(3)), r.GetInt64(4) != 0);
    }

    public async ValueTask PutAsync(Guid tenantId, long alertId, EscalationState state, DateTimeOffset now, CancellationToken ct)
    {
        _put.Set("@a", alertId);
        _put.Set("@t", T(tenantId));
        _put.Set("@p", state.PolicySnapshot.Id);
        if (!_snapshotJson.TryGetValue(state.PolicySnapshot, out var json))
            json = JsonSerializer.Serialize(state.PolicySnapshot, OnCallStorageJson.Default.EscalationPolicy);
        _put.Set("@s", json);
        _put.Set("@r", (long)state.RuleIndex);
        _put.Set("@round", (long)state.RepeatRound);
        _put.Set("@due", state.NextDueAt is { } due ? Ms(due) : null);
        _put.Set("@stopped", state.Stopped ? 1L : 0L);
        _put.Set("@now", Ms(now));
        await _deferred.ExecuteAsync(_put, ct).ConfigureAwait(false);
    }

    public async ValueTask AddOutboxAsync(OutboxMessage m, DateTimeOffset now, CancellationToken ct)
    {
        _outbox.Set("@t", T(m.TenantId));
        _outbox.Set("@a", m.AlertId);
        _outbox.Set("@u", m.UserId);
        _outbox.Set("@c", m.Channel);
        _outbox.Set("@e", m.EventType);
        _outbox.Set("@p", m.Payload);
        _outbox.Set("@s", m.Status);
        _outbox.Set("@now", Ms(now));
        _outbox.Set("@k", m.IdempotencyKey);
        OutboxWritten = true;
        await _deferred.ExecuteAsync(_outbox, ct).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<(long? UserId, string Channel, string Payload)>> NotifiedAsync(Guid tenantId, long alertId, IReadOnlyList<string> eventTypes,
        CancellationToken ct)
    {
        if (eventTypes.Count == 0) return [];
        await _deferred.FlushAsync(ct).ConfigureAwait(false);
        var p = new DynamicParameters(new { t = T(tenantId), a = alertId });
        var sql = $"SELECT user_id, channel, payload FROM outbox WHERE tenant_id = @t AND alert_id = @a AND event_type IN {SqlLists.In(p, "e", eventTypes)} ORDER BY id";
        return (await _connection.QueryAsync<(long?, string, string)>(new CommandDefinition(sql, p, _tx, cancellationToken: ct)).ConfigureAwait(false)).ToList();
    }

    public async ValueTask ScheduleAutoResolveAsync(Guid tenantId, long alertId, DateTimeOffset dueAt, CancellationToken ct)
    {
        await _deferred.FlushAsync(ct).ConfigureAwait(false);
        await _connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO alert_auto_resolve (alert_id, tenant_id, due_at, claimed_until) VALUES (@a, @t, @due, NULL) " +
            "ON CONFLICT(alert_id) DO UPDATE SET due_at = excluded.due_at, claimed_until = NULL",
            new { a = alertId, t = T(tenantId), due = Ms(dueAt) }, _tx, cancellationToken: ct)).ConfigureAwait(false);
    }

    public async ValueTask<DateTimeOffset?> GetAutoResolveAsync(Guid tenantId, long alertId, CancellationToken ct)
    {
        await _deferred.FlushAsync(ct).ConfigureAwait(false);
        return await _connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT due_at FROM alert_auto_resolve WHERE alert_id = @a AND tenant_id = @t",
            new { a = alertId, t = T(tenantId) }, _tx, cancellationToken: ct)).ConfigureAwait(false) is { } due ? Time(due) : null;
    }

    public async ValueTask ClearAutoResolveAsync(Guid tenantId, long alertId, CancellationToken ct)
    {
        await _deferred.FlushAsync(ct).ConfigureAwait(false);
        await _connection.ExecuteAsync(new CommandDefinition("DELETE FROM alert_auto_resolve WHERE alert_id = @a AND tenant_id = @t",
            new { a = alertId, t = T(tenantId) }, _tx, cancellationToken: ct)).ConfigureAwait(false);
    }

    public async ValueTask<AlertSource?> GetSourceAsync(Guid tenantId, long sourceId, CancellationToken ct)
    {
        await _deferred.FlushAsync(ct).ConfigureAwait(false);
        _source.Set("@id", sourceId);
        _source.Set("@t", T(tenantId));
        await using var r = await _source.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await r.ReadAsync(ct).ConfigureAwait(false) ? SqlAlertSourceStore.ToSource(r.GetRowParser<SqlAlertSourceStore.Row>()(r)) : null;
    }

    public async ValueTask<EscalationPolicy?> GetPolicyAsync(Guid tenantId, long policyId, CancellationToken ct)
    {
        await _deferred.FlushAsync(ct).ConfigureAwait(false);
        _policy.Set("@id", policyId);
        _policy.Set("@t", T(tenantId));
        await using var r = await _policy.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await r.ReadAsync(ct).ConfigureAwait(false)) return null;
        var row = r.GetRowParser<SqlEscalationPolicyStore.Row>()(r);
        if (!_policies.TryGetValue(row, out var policy))
        {
            if (_policies.Count > 1_000) _policies.Clear();
            _policies[row] = policy = SqlEscalationPolicyStore.ToPolicy(row);
        }
        return policy;
    }

    public async ValueTask<bool> InMaintenanceAsync(Guid tenantId, long sourceId, DateTimeOffset now, CancellationToken ct)
    {
        await _deferred.FlushAsync(ct).ConfigureAwait(false);
        _windows.Set("@t", T(tenantId));
        _windows.Set("@now", Ms(now));
        await using var r = await _windows.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var parse = r.GetRowParser<SqlMaintenanceWindowStore.Row>();
        var covered = false;
        while (await r.ReadAsync(ct).ConfigureAwait(false)) covered |= SqlMaintenanceWindowStore.ToWindow(parse(r)).Covers(sourceId, now);
        return covered;
    }
}
