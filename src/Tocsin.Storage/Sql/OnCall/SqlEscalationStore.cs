using System.Text.Json;
using Dapper;
using Tocsin.Core.Escalation;
using static Tocsin.Storage.Sql.OnCall.OnCallRows;

namespace Tocsin.Storage.Sql.OnCall;

public sealed class SqlEscalationStore(Database db, ClusterOptions cluster) : IEscalationStore
{
    private sealed record DueRow(string tenant_id, long alert_id);
    private sealed record StateRow(string policy_snapshot, long rule_index, long repeat_round, long? next_due_at, long stopped);
    private sealed record OutboxRow(long id, string tenant_id, long? alert_id, long? user_id, string channel, string event_type, string payload,
        string status, long created_at, string idempotency_key);

    /// <summary>
    /// Claims due steps for this node: rows another node holds (locked right now, or leased and not yet expired) are
    /// skipped, so nodes share the work instead of racing for it. The step itself re-checks the row inside the write
    /// transaction, so even a step whose lease expired mid-run is never applied twice. Writing the next state clears
    /// the lease. This node's own leases do not hold back its next pass: its steps go through its one writer in order,
    /// so a second pass (a test's, or the timer's after a wake-up) just finds them done.
    /// The unary plus on <c>+alert_id</c> keeps SQLite off the primary key: with <c>alert_id &gt; @after ORDER BY alert_id</c>
    /// it walked every escalation row (all open alerts waiting out a timeout) to skip a sort, on every pass, and passes run
    /// on every trigger commit; now it reads only the due rows from <c>ix_escalations_due</c> and sorts those (#4).
    /// </summary>
    public async Task<IReadOnlyList<DueEscalation>> DueAsync(DateTimeOffset now, long afterAlertId, int limit, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        // With one node on the database there is nobody to share out with, so the claim is a plain read: it never waits for
        // the writer's lock (on SQLite an UPDATE here queued behind every group commit, tens of ms per pass, #4).
        var sql = db.IsShared
            ? "UPDATE escalations SET claimed_by = @node, lease_until = @lease WHERE (lease_until IS NULL OR lease_until <= @now OR claimed_by = @node) AND alert_id IN (SELECT alert_id FROM escalations " +
            "WHERE next_due_at IS NOT NULL AND stopped = 0 AND next_due_at <= @now AND +alert_id > @after AND (lease_until IS NULL OR lease_until <= @now OR claimed_by = @node) " +
            $"ORDER BY alert_id LIMIT @limit{db.ClaimLock}) RETURNING tenant_id, alert_id"
            : "SELECT tenant_id, alert_id FROM escalations WHERE next_due_at IS NOT NULL AND stopped = 0 AND next_due_at <= @now AND +alert_id > @after " +
              "ORDER BY alert_id LIMIT @limit";
        var rows = await c.QueryAsync<DueRow>(new CommandDefinition(sql,
            new { now = Ms(now), after = afterAlertId, limit, node = cluster.NodeId, lease = Ms(now + cluster.LeaseDuration) }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.OrderBy(r => r.alert_id).Select(r => new DueEscalation(Guid.Parse(r.tenant_id), r.alert_id)).ToList();
    }

    public async Task ReleaseClaimsAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition("UPDATE escalations SET claimed_by = NULL, lease_until = NULL WHERE claimed_by = @node",
            new { node = cluster.NodeId }, cancellationToken: ct)).ConfigureAwait(false);
    }

    public async Task<EscalationState?> GetAsync(Guid tenantId, long alertId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var r = await c.QuerySingleOrDefaultAsync<StateRow>(new CommandDefinition(
            "SELECT policy_snapshot, rule_index, repeat_round, next_due_at, stopped FROM escalations WHERE alert_id = @alertId AND tenant_id = @t",
            new { alertId, t = T(tenantId) }, cancellationToken: ct)).ConfigureAwait(false);
        return r is null ? null : new EscalationState(JsonSerializer.Deserialize(r.policy_snapshot, OnCallStorageJson.Default.EscalationPolicy)!,
            (int)r.rule_index, (int)r.repeat_round, r.next_due_at is { } d ? Time(d) : null, r.stopped != 0);
    }

    public async Task<IReadOnlyList<OutboxMessage>> OutboxAsync(Guid tenantId, long alertId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<OutboxRow>(new CommandDefinition(
            "SELECT id, tenant_id, alert_id, user_id, channel, event_type, payload, status, created_at, idempotency_key FROM outbox " +
            "WHERE tenant_id = @t AND alert_id = @alertId ORDER BY id", new { alertId, t = T(tenantId) }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => new OutboxMessage(r.id, Guid.Parse(r.tenant_id), r.alert_id, r.user_id, r.channel, r.event_type, r.payload, r.status,
            Time(r.created_at), r.idempotency_key)).ToList();
    }
}
