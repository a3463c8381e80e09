using System.Text.Json;
using Dapper;
using Tocsin.Core.OnCall;
using static Tocsin.Storage.Sql.OnCall.OnCallRows;

namespace Tocsin.Storage.Sql.OnCall;

public sealed class SqlMaintenanceWindowStore(Database db) : IMaintenanceWindowStore
{
    internal sealed record Row(long id, string? description, long starts_at, long ends_at, string source_ids);
    private const string Select = "SELECT id, description, starts_at, ends_at, source_ids FROM maintenance_windows";

    public async Task<MaintenanceWindow?> GetAsync(Guid tenantId, long id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"{Select} WHERE id = @id AND tenant_id = @t",
            new { id, t = T(tenantId) }, cancellationToken: ct)).ConfigureAwait(false);
        return row is null ? null : ToWindow(row);
    }

    public async Task<IReadOnlyList<MaintenanceWindow>> ListAsync(Guid tenantId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<Row>(new CommandDefinition($"{Select} WHERE tenant_id = @t ORDER BY starts_at, id", new { t = T(tenantId) }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(ToWindow).ToList();
    }

    /// <summary>The windows open at <c>@now</c> for tenant <c>@t</c>; the alert write path runs it as a prepared command.</summary>
    internal const string ActiveSql = Select + " WHERE tenant_id = @t AND ends_at > @now AND starts_at <= @now";

    public async Task<long> InsertAsync(Guid tenantId, MaintenanceWindow w, DateTimeOffset now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO maintenance_windows (tenant_id, description, starts_at, ends_at, source_ids, created_at) VALUES (@t, @d, @s, @e, @ids, @now) RETURNING id",
            new { t = T(tenantId), d = w.Description, s = Ms(w.Start), e = Ms(w.End), ids = Ids(w), now = Ms(now) }, cancellationToken: ct)).ConfigureAwait(false);
    }

    public async Task<bool> UpdateAsync(Guid tenantId, MaintenanceWindow w, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteAsync(new CommandDefinition(
            "UPDATE maintenance_windows SET description = @d, starts_at = @s, ends_at = @e, source_ids = @ids WHERE id = @id AND tenant_id = @t",
            new { t = T(tenantId), id = w.Id, d = w.Description, s = Ms(w.Start), e = Ms(w.End), ids = Ids(w) }, cancellationToken: ct)).ConfigureAwait(false) > 0;
    }

    public async Task<bool> DeleteAsync(Guid tenantId, long id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteAsync(new CommandDefinition("DELETE FROM maintenance_windows WHERE id = @id AND tenant_id = @t",
            new { id, t = T(tenantId) }, cancellationToken: ct)).ConfigureAwait(false) > 0;
    }

    private static string Ids(MaintenanceWindow w) => JsonSerializer.Serialize(w.SourceIds.ToList(), OnCallStorageJson.Default.ListInt64);

    internal static MaintenanceWindow ToWindow(Row r) => new(r.id, r.description, Time(r.starts_at), Time(r.ends_at),
        JsonSerializer.Deserialize(r.source_ids, OnCallStorageJson.Default.ListInt64) ?? []);
}
