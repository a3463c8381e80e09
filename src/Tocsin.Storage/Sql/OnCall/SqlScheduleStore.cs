using System.Text.Json;
using Dapper;
using Tocsin.Core.OnCall;
using static Tocsin.Storage.Sql.OnCall.OnCallRows;

namespace Tocsin.Storage.Sql.OnCall;

public sealed class SqlScheduleStore(Database db) : IScheduleStore
{
    private sealed record Row(long id, string name, string time_zone, string layers);
    private sealed record OverrideRow(long id, long schedule_id, long user_id, long from_at, long until_at);

    public async Task<Schedule?> GetAsync(Guid tenantId, long id, CancellationToken ct) => (await LoadAsync(tenantId, id, ct)).FirstOrDefault();

    public async Task<IReadOnlyList<Schedule>> ListAsync(Guid tenantId, CancellationToken ct) => await LoadAsync(tenantId, null, ct);

    private async Task<List<Schedule>> LoadAsync(Guid tenantId, long? id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<Row>(new CommandDefinition(
            $"SELECT id, name, time_zone, layers FROM schedules WHERE tenant_id = @t{(id is null ? "" : " AND id = @id")} ORDER BY id",
            new { t = T(tenantId), id }, cancellationToken: ct)).ConfigureAwait(false);
        var overrides = (await c.QueryAsync<OverrideRow>(new CommandDefinition(
            $"SELECT id, schedule_id, user_id, from_at, until_at FROM schedule_overrides WHERE tenant_id = @t{(id is null ? "" : " AND schedule_id = @id")} ORDER BY from_at, id",
            new { t = T(tenantId), id }, cancellationToken: ct)).ConfigureAwait(false)).ToLookup(o => o.schedule_id);
        return rows.Select(r => new Schedule(r.id, r.name, r.time_zone,
            JsonSerializer.Deserialize(r.layers, OnCallStorageJson.Default.ListScheduleLayer) ?? [])
        {
            Overrides = overrides[r.id].Select(o => new ScheduleOverride(o.id, o.user_id, Time(o.from_at), Time(o.until_at))).ToList(),
        }).ToList();
    }

    public async Task<long> InsertAsync(Guid tenantId, Schedule s, DateTimeOffset now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO schedules (tenant_id, name, time_zone, layers, created_at, updated_at) VALUES (@t, @name, @tz, @layers, @now, @now) RETURNING id",
            new { t = T(tenantId), name = s.Name, tz = s.TimeZone, layers = Layers(s), now = Ms(now) }, cancellationToken: ct)).ConfigureAwait(false);
    }

    public async Task<bool> UpdateAsync(Guid tenantId, Schedule s, DateTimeOffset now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteAsync(new CommandDefinition(
            "UPDATE schedules SET name = @name, time_zone = @tz, layers = @layers, updated_at = @now WHERE id = @id AND tenant_id = @t",
            new { t = T(tenantId), id = s.Id, name = s.Name, tz = s.TimeZone, layers = Layers(s), now = Ms(now) }, cancellationToken: ct)).ConfigureAwait(false) > 0;
    }

    private static string Layers(Schedule s) => JsonSerializer.Serialize(s.Layers.ToList(), OnCallStorageJson.Default.ListScheduleLayer);

    public async Task<bool> DeleteAsync(Guid tenantId, long id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteAsync(new CommandDefinition("DELETE FROM schedules WHERE id = @id AND tenant_id = @t",
            new { id, t = T(tenantId) }, cancellationToken: ct)).ConfigureAwait(false) > 0;
    }

    public Task<IReadOnlyList<UserUsage>> UsagesAsync(Guid tenantId, long id, CancellationToken ct) =>
        UsageSql.QueryAsync(db, tenantId, id, ct, UsageSql.Teams("schedule"), UsageSql.Policies(db, "Schedule"));

    public async Task<long> AddOverrideAsync(Guid tenantId, long scheduleId, ScheduleOverride o, DateTimeOffset now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO schedule_overrides (tenant_id, schedule_id, user_id, from_at, until_at, created_at) VALUES (@t, @scheduleId, @user, @from, @until, @now) RETURNING id",
            new { t = T(tenantId), scheduleId, user = o.UserId, from = Ms(o.From), until = Ms(o.Until), now = Ms(now) }, cancellationToken: ct)).ConfigureAwait(false);
    }

    public async Task<bool> DeleteOverrideAsync(Guid tenantId, long scheduleId, long overrideId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteAsync(new CommandDefinition("DELETE FROM schedule_overrides WHERE id = @overrideId AND schedule_id = @scheduleId AND tenant_id = @t",
            new { overrideId, scheduleId, t = T(tenantId) }, cancellationToken: ct)).ConfigureAwait(false) > 0;
    }
}
