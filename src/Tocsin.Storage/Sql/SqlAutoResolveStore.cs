using Dapper;
using Tocsin.Core.Alerts;
using static Tocsin.Storage.Sql.OnCall.OnCallRows;

namespace Tocsin.Storage.Sql;

public sealed class SqlAutoResolveStore(Database db) : IAutoResolveStore
{
    private sealed class Row
    {
        public string tenant_id { get; set; } = "";
        public long alert_id { get; set; }
        public long due_at { get; set; }
    }

    public async Task<IReadOnlyList<DueAutoResolve>> ClaimDueAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        // One statement claims atomically; on PostgreSQL the inner SELECT locks the rows (Database.ClaimLock) so nodes claim disjoint rows.
        var rows = await c.QueryAsync<Row>(new CommandDefinition($"""
            UPDATE alert_auto_resolve SET claimed_until = @until
            WHERE (claimed_until IS NULL OR claimed_until <= @now) AND alert_id IN (SELECT alert_id FROM alert_auto_resolve
                               WHERE due_at <= @now AND (claimed_until IS NULL OR claimed_until <= @now)
                               ORDER BY due_at, alert_id LIMIT @limit{db.ClaimLock})
            RETURNING tenant_id, alert_id, due_at
            """, new { now = Ms(now), until = Ms(leaseUntil), limit }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => new DueAutoResolve(Guid.Parse(r.tenant_id), r.alert_id, Time(r.due_at))).OrderBy(d => d.AlertId).ToList();
    }
}
