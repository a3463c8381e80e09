using Dapper;
using Tocsin.Core.Alerts;

namespace Tocsin.Storage.Sql;

public sealed class SqlRetentionStore(Database db) : IRetentionStore
{
    public async Task<int> PurgeIdempotencyAsync(DateTimeOffset before, int limit, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        // Limited batches keep each write lock short, so ingest never waits behind a large purge.
        return await c.ExecuteAsync(new CommandDefinition(
            "DELETE FROM idempotency WHERE (tenant_id, scope, key) IN (SELECT tenant_id, scope, key FROM idempotency WHERE created_at < @before LIMIT @limit)",
            new { before = before.ToUnixTimeMilliseconds(), limit }, cancellationToken: ct)).ConfigureAwait(false);
    }
}
