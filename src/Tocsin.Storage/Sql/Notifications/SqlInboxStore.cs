using Dapper;
using Tocsin.Core.Notifications;
using static Tocsin.Storage.Sql.OnCall.OnCallRows;

namespace Tocsin.Storage.Sql.Notifications;

public sealed class SqlInboxStore(Database db) : IInboxStore
{
    private sealed record Row(long id, long user_id, long? alert_id, string title, string? body, long created_at, long? read_at);
    private const string Columns = "id, user_id, alert_id, title, body, created_at, read_at";

    public async Task<InboxItem?> AddAsync(Guid tenantId, long deliveryId, InboxItem item, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var id = await c.ExecuteScalarAsync<long?>(new CommandDefinition(
            "INSERT INTO inbox_items (tenant_id, user_id, alert_id, delivery_id, title, body, created_at) VALUES (@t, @UserId, @AlertId, @deliveryId, @Title, @Body, @at) " +
            "ON CONFLICT(delivery_id) DO NOTHING RETURNING id",
            new { t = T(tenantId), item.UserId, item.AlertId, deliveryId, item.Title, item.Body, at = Ms(item.CreatedAt) }, cancellationToken: ct)).ConfigureAwait(false);
        return id is { } v ? item with { Id = v } : null;
    }

    public async Task<IReadOnlyList<InboxItem>> ListAsync(Guid tenantId, long userId, long? beforeId, int limit, bool unreadOnly, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM inbox_items WHERE tenant_id = @t AND user_id = @userId AND id < @before " +
            (unreadOnly ? "AND read_at IS NULL " : "") + "ORDER BY id DESC LIMIT @limit",
            new { t = T(tenantId), userId, before = beforeId ?? long.MaxValue, limit }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(ToItem).ToList();
    }

    public async Task<long> UnreadCountAsync(Guid tenantId, long userId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM inbox_items WHERE tenant_id = @t AND user_id = @userId AND read_at IS NULL",
            new { t = T(tenantId), userId }, cancellationToken: ct)).ConfigureAwait(false);
    }

    public async Task<InboxItem?> MarkReadAsync(Guid tenantId, long userId, long id, DateTimeOffset now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        // Reading twice keeps the first read time.
        var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"UPDATE inbox_items SET read_at = coalesce(read_at, @now) WHERE tenant_id = @t AND user_id = @userId AND id = @id RETURNING {Columns}",
            new { t = T(tenantId), userId, id, now = Ms(now) }, cancellationToken: ct)).ConfigureAwait(false);
        return row is null ? null : ToItem(row);
    }

    private static InboxItem ToItem(Row r) => new(r.id, r.user_id, r.alert_id, r.title, r.body, Time(r.created_at), r.read_at is { } at ? Time(at) : null);
}
