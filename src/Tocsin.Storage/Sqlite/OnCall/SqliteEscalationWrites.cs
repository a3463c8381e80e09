using Dapper;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Tocsin.Core.Escalation;
using Tocsin.Core.OnCall;
using static Tocsin.Storage.Sqlite.OnCall.OnCallRows;

namespace Tocsin.Storage.Sqlite.OnCall;

/// <summary>
/// Escalation and outbox statements on the alert store's single write connection. The hot ones (state read/write,
/// outbox insert) are prepared once and re-bound, like the alert session's; rare lookups go through Dapper on the same transaction.
/// </summary>
internal sealed class SqliteEscalationWrites : IEscalationWrites
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _get;
    private readonly SqliteCommand _put;
    private readonly SqliteCommand _outbox;
    private SqliteTransaction? _tx;

    // Snapshots repeat across thousands of rows; parsing each distinct JSON text once keeps a 10k-step tick cheap.
    private readonly Dictionary<string, EscalationPolicy> _snapshots = new(StringComparer.Ordinal);
    private readonly Dictionary<EscalationPolicy, string> _snapshotJson = new(ReferenceEqualityComparer.Instance);

    public SqliteEscalationWrites(SqliteConnection connection)
    {
        _connection = connection;
        _get = Cmd("SELECT policy_snapshot, rule_index, repeat_round, next_due_at, stopped FROM escalations WHERE alert_id = @a AND tenant_id = @t");
        _put = Cmd("INSERT INTO escalations (alert_id, tenant_id, policy_id, policy_snapshot, rule_index, repeat_round, next_due_at, stopped, updated_at) " +
            "VALUES (@a, @t, @p, @s, @r, @round, @due, @stopped, @now) ON CONFLICT(alert_id) DO UPDATE SET policy_id = excluded.policy_id, " +
            "policy_snapshot = excluded.policy_snapshot, rule_index = excluded.rule_index, repeat_round = excluded.repeat_round, " +
            "next_due_at = excluded.next_due_at, stopped = excluded.stopped, updated_at = excluded.updated_at");
        _outbox = Cmd("INSERT INTO outbox (tenant_id, alert_id, user_id, channel, event_type, payload, status, attempt, next_attempt_at, created_at, idempotency_key) " +
            "VALUES (@t, @a, @u, @c, @e, @p, @s, 0, @now, @now, @k) ON CONFLICT(idempotency_key) DO NOTHING");
    }

    private SqliteCommand Cmd(string sql)
    {
        var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        return cmd;
    }

    public void Enlist(SqliteTransaction? tx)
    {
        _tx = tx;
        _get.Transaction = tx;
        _put.Transaction = tx;
        _outbox.Transaction = tx;
    }

    public ValueTask<EscalationState?> GetAsync(Guid tenantId, long alertId, CancellationToken ct)
    {
        _get.Parameters.Clear();
        _get.Parameters.AddWithValue("@a", alertId);
        _get.Parameters.AddWithValue("@t", T(tenantId));
        using var r = _get.ExecuteReader();
        if (!r.Read()) return ValueTask.FromResult<EscalationState?>(null);
        var json = r.GetString(0);
        if (!_snapshots.TryGetValue(json, out var policy))
        {
            policy = JsonSerializer.Deserialize(json, OnCallStorageJson.Default.EscalationPolicy)!;
            if (_snapshots.Count > 10_000) { _snapshots.Clear(); _snapshotJson.Clear(); }
            _snapshots[json] = policy;
            _snapshotJson[policy] = json;
        }
        return ValueTask.FromResult<EscalationState?>(new EscalationState(policy, r.GetInt32(1), r.GetInt32(2),
            r.IsDBNull(3) ? null : Time(r.GetInt64(3)), r.GetInt64(4) != 0));
    }

    public ValueTask PutAsync(Guid tenantId, long alertId, EscalationState state, DateTimeOffset now, CancellationToken ct)
    {
        var p = _put.Parameters;
        p.Clear();
        p.AddWithValue("@a", alertId);
        p.AddWithValue("@t", T(tenantId));
        p.AddWithValue("@p", state.PolicySnapshot.Id);
        if (!_snapshotJson.TryGetValue(state.PolicySnapshot, out var json))
            json = JsonSerializer.Serialize(state.PolicySnapshot, OnCallStorageJson.Default.EscalationPolicy);
        p.AddWithValue("@s", json);
        p.AddWithValue("@r", state.RuleIndex);
        p.AddWithValue("@round", state.RepeatRound);
        p.AddWithValue("@due", state.NextDueAt is { } due ? Ms(due) : DBNull.Value);
        p.AddWithValue("@stopped", state.Stopped ? 1 : 0);
        p.AddWithValue("@now", Ms(now));
        _put.ExecuteNonQuery();
        return ValueTask.CompletedTask;
    }

    public ValueTask AddOutboxAsync(OutboxMessage m, DateTimeOffset now, CancellationToken ct)
    {
        var p = _outbox.Parameters;
        p.Clear();
        p.AddWithValue("@t", T(m.TenantId));
        p.AddWithValue("@a", (object?)m.AlertId ?? DBNull.Value);
        p.AddWithValue("@u", (object?)m.UserId ?? DBNull.Value);
        p.AddWithValue("@c", m.Channel);
        p.AddWithValue("@e", m.EventType);
        p.AddWithValue("@p", m.Payload);
        p.AddWithValue("@s", m.Status);
        p.AddWithValue("@now", Ms(now));
        p.AddWithValue("@k", m.IdempotencyKey);
        _outbox.ExecuteNonQuery();
        return ValueTask.CompletedTask;
    }

    public async ValueTask<AlertSource?> GetSourceAsync(Guid tenantId, long sourceId, CancellationToken ct) =>
        await SqliteAlertSourceStore.GetAsync(_connection, _tx, tenantId, sourceId, ct).ConfigureAwait(false);

    public async ValueTask<EscalationPolicy?> GetPolicyAsync(Guid tenantId, long policyId, CancellationToken ct) =>
        await SqliteEscalationPolicyStore.GetAsync(_connection, _tx, tenantId, policyId, ct).ConfigureAwait(false);

    public async ValueTask<bool> InMaintenanceAsync(Guid tenantId, long sourceId, DateTimeOffset now, CancellationToken ct) =>
        await SqliteMaintenanceWindowStore.CoversAsync(_connection, _tx, tenantId, sourceId, now, ct).ConfigureAwait(false);

    public async ValueTask ScheduleAutoResolveAsync(Guid tenantId, long alertId, DateTimeOffset dueAt, CancellationToken ct) =>
        await _connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO alert_auto_resolve (alert_id, tenant_id, due_at, claimed_until) VALUES (@a, @t, @due, NULL) " +
            "ON CONFLICT(alert_id) DO UPDATE SET due_at = excluded.due_at, claimed_until = NULL",
            new { a = alertId, t = T(tenantId), due = Ms(dueAt) }, _tx, cancellationToken: ct)).ConfigureAwait(false);

    public async ValueTask<DateTimeOffset?> GetAutoResolveAsync(Guid tenantId, long alertId, CancellationToken ct) =>
        await _connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT due_at FROM alert_auto_resolve WHERE alert_id = @a AND tenant_id = @t",
            new { a = alertId, t = T(tenantId) }, _tx, cancellationToken: ct)).ConfigureAwait(false) is { } due ? Time(due) : null;

    public async ValueTask ClearAutoResolveAsync(Guid tenantId, long alertId, CancellationToken ct) =>
        await _connection.ExecuteAsync(new CommandDefinition("DELETE FROM alert_auto_resolve WHERE alert_id = @a AND tenant_id = @t",
            new { a = alertId, t = T(tenantId) }, _tx, cancellationToken: ct)).ConfigureAwait(false);
}
