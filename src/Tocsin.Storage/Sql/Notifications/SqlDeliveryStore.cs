using Dapper;
using System.Data.Common;
using Tocsin.Core.Notifications;
using static Tocsin.Storage.Sql.OnCall.OnCallRows;

namespace Tocsin.Storage.Sql.Notifications;

/// <summary>The delivery queue. Each method is one short transaction on its own connection; writes take the process's write turn.</summary>
public sealed class SqlDeliveryStore(Database db, ClusterOptions cluster) : IDeliveryStore
{
    private sealed record PendingRow(long id, string tenant_id, long? alert_id, long? user_id, string channel, string event_type, string payload,
        long created_at, string idempotency_key);
    private sealed record ClaimRow(long id, string tenant_id, long? alert_id, long? user_id, long? channel_id, string kind, string target,
        string event_type, string payload, long attempt, long require_open, long created_at, string idempotency_key);
    private sealed record RecordRow(long id, long? outbox_id, long? user_id, long? channel_id, string kind, string target, string event_type,
        string status, long attempt, long created_at, long next_attempt_at, long? sent_at, string? last_error, string? external_id);
    private sealed record AttemptRow(long delivery_id, long attempt, long at, string status, string? error, string? external_id, long duration_ms);

    public async Task<IReadOnlyList<PendingNotification>> PendingAsync(DateTimeOffset now, int limit, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<PendingRow>(new CommandDefinition(
            "SELECT id, tenant_id, alert_id, user_id, channel, event_type, payload, created_at, idempotency_key FROM outbox " +
            "WHERE status = 'SCHEDULED' AND next_attempt_at <= @now ORDER BY next_attempt_at, id LIMIT @limit",
            new { now = Ms(now), limit }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => new PendingNotification(r.id, Guid.Parse(r.tenant_id), r.alert_id, r.user_id, r.channel, r.event_type, r.payload,
            Time(r.created_at), r.idempotency_key)).ToList();
    }

    public async Task<IReadOnlyList<ClaimedDelivery>> ExpandAndClaimAsync(IReadOnlyList<(PendingNotification Row, IReadOnlyList<PlannedDelivery> Deliveries)> batch,
        DateTimeOffset now, DeliveryClaim? claim, CancellationToken ct)
    {
        if (batch.Count == 0) return [];
        await using var c = await db.OpenForBookkeepingAsync(ct).ConfigureAwait(false);
        using var turn = await db.EnterWriteAsync(ct).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
        // Two commands for the whole batch: each statement is prepared once, not once per row.
        using var insert = Command(c, tx, InsertSql);
        using var expanded = Command(c, tx, "UPDATE outbox SET status = 'EXPANDED', processed_at = @now WHERE id = @id");
        foreach (var (row, deliveries) in batch)
        {
            foreach (var d in deliveries)
            {
                BindInsert(insert, row.TenantId, row.Id, row.AlertId, d, row.EventType, row.Payload, $"{row.IdempotencyKey}:{d.KeySuffix}", now);
                await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
            Bind(expanded, ("@id", row.Id), ("@now", Ms(now)));
            await expanded.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        var claimed = claim is null ? [] : await ClaimInAsync(c, tx, now, claim.LeaseUntil, claim.Limit, ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return claimed;
    }

    public async Task AddAsync(Guid tenantId, long? alertId, PlannedDelivery delivery, string eventType, string payload, string idempotencyKey, DateTimeOffset now, CancellationToken ct)
    {
        await using var c = await db.OpenForBookkeepingAsync(ct).ConfigureAwait(false);
        using var turn = await db.EnterWriteAsync(ct).ConfigureAwait(false);
        await using var insert = Command(c, null, InsertSql);
        BindInsert(insert, tenantId, null, alertId, delivery, eventType, payload, idempotencyKey, now);
        await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private const string InsertSql =
        "INSERT INTO deliveries (tenant_id, outbox_id, alert_id, user_id, channel_id, kind, target, event_type, payload, status, attempt, require_open, " +
        "next_attempt_at, created_at, idempotency_key) VALUES (@t, @outboxId, @alertId, @userId, @channelId, @kind, @target, @eventType, @payload, 'SCHEDULED', 0, " +
        "@open, @due, @now, @key) ON CONFLICT(idempotency_key) DO NOTHING";

    private static void BindInsert(DbCommand cmd, Guid tenantId, long? outboxId, long? alertId, PlannedDelivery d, string eventType, string payload, string key,
        DateTimeOffset now) =>
        Bind(cmd, ("@t", T(tenantId)), ("@outboxId", outboxId), ("@alertId", alertId), ("@userId", d.UserId), ("@channelId", d.ChannelId), ("@kind", d.Kind.ToWire()),
            ("@target", d.Target), ("@eventType", eventType), ("@payload", payload), ("@open", d.RequireOpen ? 1L : 0L), ("@due", Ms(d.DueAt)), ("@now", Ms(now)),
            ("@key", key));

    public async Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken ct)
    {
        await using var c = await db.OpenForBookkeepingAsync(ct).ConfigureAwait(false);
        using var turn = await db.EnterWriteAsync(ct).ConfigureAwait(false);
        return await ClaimInAsync(c, null, now, leaseUntil, limit, ct).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<ClaimedDelivery>> ClaimInAsync(DbConnection c, DbTransaction? tx, DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken ct)
    {
        // One statement claims and returns, so two claimers can never both take a row; on PostgreSQL rows another node
        // is claiming right now are skipped rather than waited for.
        var rows = await c.QueryAsync<ClaimRow>(new CommandDefinition(
            "UPDATE deliveries SET claimed_until = @lease, claimed_by = @node, attempt = attempt + 1 WHERE (claimed_until IS NULL OR claimed_until <= @now) AND id IN (SELECT id FROM deliveries " +
            "WHERE status IN ('SCHEDULED', 'RETRY') AND next_attempt_at <= @now AND (claimed_until IS NULL OR claimed_until <= @now) " +
            $"ORDER BY next_attempt_at, id LIMIT @limit{db.ClaimLock}) " +
            "RETURNING id, tenant_id, alert_id, user_id, channel_id, kind, target, event_type, payload, attempt, require_open, created_at, idempotency_key",
            new { now = Ms(now), lease = Ms(leaseUntil), limit, node = cluster.NodeId }, tx, cancellationToken: ct)).ConfigureAwait(false);
        return rows.OrderBy(r => r.id).Select(r => new ClaimedDelivery(r.id, Guid.Parse(r.tenant_id), r.alert_id, r.user_id, r.channel_id,
            ChannelKindWire.Parse(r.kind), r.target, r.event_type, r.payload, (int)r.attempt, r.require_open != 0, Time(r.created_at), r.idempotency_key)).ToList();
    }

    public async Task RecordAsync(IReadOnlyList<AttemptOutcome> outcomes, DateTimeOffset now, CancellationToken ct)
    {
        if (outcomes.Count == 0) return;
        await using var c = await db.OpenForBookkeepingAsync(ct).ConfigureAwait(false);
        using var turn = await db.EnterWriteAsync(ct).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
        using var attempt = Command(c, tx, "INSERT INTO delivery_attempts (delivery_id, attempt, at, status, error, external_id, duration_ms) " +
            "VALUES (@d, @n, @at, @s, @e, @x, @ms)");
        using var update = Command(c, tx, "UPDATE deliveries SET status = @s, last_error = @e, external_id = coalesce(@x, external_id), " +
            "next_attempt_at = coalesce(@next, next_attempt_at), claimed_until = NULL, sent_at = CASE WHEN @s = 'SENT' THEN @at ELSE sent_at END WHERE id = @d");
        foreach (var o in outcomes)
        {
            Bind(attempt, ("@d", o.DeliveryId), ("@n", o.Attempt), ("@at", Ms(now)), ("@s", o.Status), ("@e", o.Error), ("@x", o.ExternalId),
                ("@ms", (long)o.Duration.TotalMilliseconds));
            await attempt.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            Bind(update, ("@d", o.DeliveryId), ("@s", o.Status), ("@e", o.Error), ("@x", o.ExternalId),
                ("@next", o.NextAttemptAt is { } n ? Ms(n) : null), ("@at", Ms(now)));
            await update.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await tx.CommitAsync(ct).ConfigureAwait(false);
    }

    public async Task SettleAsync(IReadOnlyList<(long Id, string Status, string Reason)> rows, DateTimeOffset now, CancellationToken ct)
    {
        if (rows.Count == 0) return;
        await using var c = await db.OpenForBookkeepingAsync(ct).ConfigureAwait(false);
        using var turn = await db.EnterWriteAsync(ct).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
        using var update = Command(c, tx, "UPDATE deliveries SET status = @s, last_error = @e, claimed_until = NULL, attempt = attempt - 1 WHERE id = @d");
        foreach (var (id, status, reason) in rows)
        {
            Bind(update, ("@d", id), ("@s", status), ("@e", reason));
            await update.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await tx.CommitAsync(ct).ConfigureAwait(false);
    }

    public async Task ReleaseLeasesAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        using var turn = await db.EnterWriteAsync(ct).ConfigureAwait(false);
        // One process owns an unshared database, so every lease left is a dead process's. On a shared one a lease of a
        // node still heartbeating means that node is sending the row right now: releasing it would send it twice.
        var sql = "UPDATE deliveries SET claimed_until = NULL WHERE claimed_until IS NOT NULL" + (db.IsShared
            ? " AND (claimed_by IS NULL OR claimed_by NOT IN (SELECT id FROM nodes WHERE heartbeat_at >= @alive))"
            : "");
        await c.ExecuteAsync(new CommandDefinition(sql, new { alive = Ms(now - cluster.AliveWindow) }, cancellationToken: ct)).ConfigureAwait(false);
    }

    public async Task<bool> ConfirmAsync(long deliveryId, string? externalId, string status, string? error, DateTimeOffset now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        using var turn = await db.EnterWriteAsync(ct).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
        var attempt = await c.ExecuteScalarAsync<long?>(new CommandDefinition(
            "UPDATE deliveries SET status = @s, last_error = coalesce(@e, last_error) WHERE id = @d AND status = 'SENT'" +
            (externalId is null ? "" : " AND (external_id IS NULL OR external_id = @x)") + " RETURNING attempt",
            new { d = deliveryId, s = status, e = error, x = externalId }, tx, cancellationToken: ct)).ConfigureAwait(false);
        if (attempt is not { } n) return false;
        await c.ExecuteAsync(new CommandDefinition("INSERT INTO delivery_attempts (delivery_id, attempt, at, status, error, external_id, duration_ms) " +
            "VALUES (@d, @n, @at, @s, @e, @x, 0)", new { d = deliveryId, n, at = Ms(now), s = status, e = error, x = externalId }, tx, cancellationToken: ct)).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return true;
    }

    public async Task<IReadOnlyList<DeliveryRecord>> ForAlertAsync(Guid tenantId, long alertId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = (await c.QueryAsync<RecordRow>(new CommandDefinition(
            "SELECT id, outbox_id, user_id, channel_id, kind, target, event_type, status, attempt, created_at, next_attempt_at, sent_at, last_error, external_id " +
            "FROM deliveries WHERE tenant_id = @t AND alert_id = @alertId ORDER BY id", new { t = T(tenantId), alertId }, cancellationToken: ct)).ConfigureAwait(false)).ToList();
        var attempts = (await c.QueryAsync<AttemptRow>(new CommandDefinition(
            "SELECT a.delivery_id, a.attempt, a.at, a.status, a.error, a.external_id, a.duration_ms FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id " +
            "WHERE d.tenant_id = @t AND d.alert_id = @alertId ORDER BY a.delivery_id, a.attempt, a.id", new { t = T(tenantId), alertId }, cancellationToken: ct)).ConfigureAwait(false))
            .ToLookup(a => a.delivery_id);
        return rows.Select(r => new DeliveryRecord(r.id, r.outbox_id, r.user_id, r.channel_id, ChannelKindWire.Parse(r.kind), r.target, r.event_type, r.status,
            attempts[r.id].Count(), Time(r.created_at), Time(r.next_attempt_at), r.sent_at is { } s ? Time(s) : null, r.last_error, r.external_id,
            attempts[r.id].Select(a => new DeliveryAttempt((int)a.attempt, Time(a.at), a.status, a.error, a.external_id, a.duration_ms)).ToList())).ToList();
    }

    public async Task<(int Pending, int Sent, int Failed)> CountsAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var r = await c.QuerySingleAsync<(long, long, long)>(new CommandDefinition(
            "SELECT (SELECT count(*) FROM outbox WHERE status = 'SCHEDULED') + count(*) FILTER (WHERE status IN ('SCHEDULED', 'RETRY')), " +
            "count(*) FILTER (WHERE status IN ('SENT', 'DELIVERED')), count(*) FILTER (WHERE status = 'FAILED') FROM deliveries", cancellationToken: ct)).ConfigureAwait(false);
        return ((int)r.Item1, (int)r.Item2, (int)r.Item3);
    }

    // Commands executed once per row of a batch: created once, re-bound by value (see ReboundCommand for why never re-created).
    private static DbCommand Command(DbConnection c, DbTransaction? tx, string sql) => ReboundCommand.Create(c, sql, tx);

    private static void Bind(DbCommand cmd, params (string Name, object? Value)[] values)
    {
        foreach (var (name, value) in values) cmd.Set(name, value);
    }
}
