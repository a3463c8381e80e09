using Dapper;
using System.Data.Common;
using Tocsin.Core.Rules;

namespace Tocsin.Storage.Sql;

/// <summary>The <c>rule_renotify</c> rows (migration 0010): claimed by the re-notify worker, kept in step with segment states by <see cref="SyncAsync"/>.</summary>
public sealed class SqlRuleRenotifyStore(Database db) : IRuleRenotifyStore
{
    // A class, not a positional record: Dapper maps RETURNING columns by name.
    private sealed class Row
    {
        public string tenant_id { get; set; } = "";
        public long rule_id { get; set; }
        public string segment_key { get; set; } = "";
        public long period { get; set; }
        public long due_at { get; set; }
        public long every_ms { get; set; }
    }

    public async Task<IReadOnlyList<DueRuleRenotify>> ClaimDueAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        // One statement claims and returns: no other claimer can take the same row between a select and an update.
        var rows = await c.QueryAsync<Row>(new CommandDefinition($"""
            UPDATE rule_renotify SET claimed_until = @lease
            WHERE (claimed_until IS NULL OR claimed_until <= @now) AND (rule_id, segment_key) IN (
                SELECT rule_id, segment_key FROM rule_renotify
                WHERE due_at <= @now AND (claimed_until IS NULL OR claimed_until <= @now)
                ORDER BY due_at LIMIT @limit{db.ClaimLock})
            RETURNING tenant_id, rule_id, segment_key, period, due_at, every_ms
            """, new { now = now.ToUnixTimeMilliseconds(), lease = leaseUntil.ToUnixTimeMilliseconds(), limit }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.OrderBy(r => r.due_at).ThenBy(r => r.rule_id)
            .Select(r => new DueRuleRenotify(Guid.Parse(r.tenant_id), r.rule_id, r.segment_key, r.period,
                DateTimeOffset.FromUnixTimeMilliseconds(r.due_at), TimeSpan.FromMilliseconds(r.every_ms))).ToList();
    }

    public async Task CompleteAsync(DueRuleRenotify claimed, DateTimeOffset nextDueAt, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition("""
            UPDATE rule_renotify SET period = period + 1, due_at = @next, claimed_until = NULL
            WHERE rule_id = @rule AND segment_key = @key AND period = @period
            """, new { rule = claimed.RuleId, key = claimed.SegmentKey, period = claimed.Period, next = nextDueAt.ToUnixTimeMilliseconds() },
            cancellationToken: ct)).ConfigureAwait(false);
    }

    /// <summary>
    /// Inside the state write of one rule: a row for each firing segment when the rule re-notifies (first due one period
    /// after it started firing), none for the others. An existing row keeps its period and due time, so repeated
    /// evaluations of a firing segment never postpone or repeat its re-notification.
    /// </summary>
    internal static async Task SyncAsync(DbConnection c, System.Data.Common.DbTransaction tx, RuleStateUpdate u, CancellationToken ct)
    {
        var firing = u.RenotifyEvery is { } every
            ? u.States.Values.Where(s => s.Status == SegmentStatus.Firing).ToList()
            : [];
        var keys = firing.Select(s => s.SegmentKey).ToList();
        var p = new DynamicParameters(new { id = u.RuleId });
        await c.ExecuteAsync(new CommandDefinition(keys.Count == 0
                ? "DELETE FROM rule_renotify WHERE rule_id = @id"
                : $"DELETE FROM rule_renotify WHERE rule_id = @id AND segment_key NOT IN {SqlLists.In(p, "k", keys)}",
            p, tx, cancellationToken: ct)).ConfigureAwait(false);
        foreach (var s in firing)
        {
            var since = s.FiringSince ?? s.EvaluatedAt;
            await c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO rule_renotify (tenant_id, rule_id, segment_key, every_ms, period, due_at, claimed_until)
                VALUES (@t, @id, @key, @every, 0, @due, NULL)
                ON CONFLICT (rule_id, segment_key) DO UPDATE SET every_ms = excluded.every_ms
                """, new
            {
                t = u.TenantId.ToString(), id = u.RuleId, key = s.SegmentKey, every = (long)u.RenotifyEvery!.Value.TotalMilliseconds,
                due = (since + u.RenotifyEvery.Value).ToUnixTimeMilliseconds(),
            }, tx, cancellationToken: ct)).ConfigureAwait(false);
        }
    }
}
