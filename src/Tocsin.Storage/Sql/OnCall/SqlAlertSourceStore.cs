using System.Data;
using System.Text.Json;
using Dapper;
using Tocsin.Core.OnCall;
using static Tocsin.Storage.Sql.OnCall.OnCallRows;

namespace Tocsin.Storage.Sql.OnCall;

public sealed class SqlAlertSourceStore(Database db) : IAlertSourceStore
{
    internal sealed record Row(long id, string name, string integration_key, long? escalation_policy_id, string? support_hours, string priority_rule,
        string creation_mode, long? auto_resolve_ms, long? grouping_window_ms, long? renotify_ms, double? score_threshold);
    internal const string Select = "SELECT id, name, integration_key, escalation_policy_id, support_hours, priority_rule, creation_mode, auto_resolve_ms, grouping_window_ms, renotify_ms, score_threshold FROM alert_sources";

    public async Task<AlertSource?> GetAsync(Guid tenantId, long id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await GetAsync(c, null, tenantId, id, ct).ConfigureAwait(false);
    }

    internal static async Task<AlertSource?> GetAsync(IDbConnection c, IDbTransaction? tx, Guid tenantId, long id, CancellationToken ct)
    {
        var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"{Select} WHERE id = @id AND tenant_id = @t",
            new { id, t = T(tenantId) }, tx, cancellationToken: ct)).ConfigureAwait(false);
        return row is null ? null : ToSource(row);
    }

    public async Task<AlertSource?> FindByIntegrationKeyAsync(Guid tenantId, string integrationKey, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"{Select} WHERE integration_key = @k AND tenant_id = @t",
            new { k = integrationKey, t = T(tenantId) }, cancellationToken: ct)).ConfigureAwait(false);
        return row is null ? null : ToSource(row);
    }

    public async Task<(Guid TenantId, AlertSource Source)?> FindByIntegrationKeyAsync(string integrationKey, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var tenant = await c.QuerySingleOrDefaultAsync<string>(new CommandDefinition("SELECT tenant_id FROM alert_sources WHERE integration_key = @k",
            new { k = integrationKey }, cancellationToken: ct)).ConfigureAwait(false);
        if (tenant is null) return null;
        var tenantId = Guid.Parse(tenant);
        return await FindByIntegrationKeyAsync(tenantId, integrationKey, ct).ConfigureAwait(false) is { } s ? (tenantId, s) : null;
    }

    public async Task<IReadOnlyList<AlertSource>> ListAsync(Guid tenantId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<Row>(new CommandDefinition($"{Select} WHERE tenant_id = @t ORDER BY id", new { t = T(tenantId) }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(ToSource).ToList();
    }

    public async Task<long> InsertAsync(Guid tenantId, AlertSource s, DateTimeOffset now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO alert_sources (tenant_id, name, integration_key, escalation_policy_id, support_hours, priority_rule, creation_mode, auto_resolve_ms, grouping_window_ms, renotify_ms, score_threshold, created_at, updated_at) " +
            "VALUES (@t, @name, @key, @policy, @hours, @rule, @mode, @ar, @gw, @rn, @score, @now, @now) RETURNING id", Params(tenantId, s, now), cancellationToken: ct)).ConfigureAwait(false);
    }

    public async Task<bool> UpdateAsync(Guid tenantId, AlertSource s, DateTimeOffset now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteAsync(new CommandDefinition(
            "UPDATE alert_sources SET name = @name, escalation_policy_id = @policy, support_hours = @hours, priority_rule = @rule, creation_mode = @mode, " +
            "auto_resolve_ms = @ar, grouping_window_ms = @gw, renotify_ms = @rn, score_threshold = @score, updated_at = @now WHERE id = @id AND tenant_id = @t", Params(tenantId, s, now), cancellationToken: ct)).ConfigureAwait(false) > 0;
    }

    private static object Params(Guid tenantId, AlertSource s, DateTimeOffset now) => new
    {
        t = T(tenantId), id = s.Id, name = s.Name, key = s.IntegrationKey, policy = s.EscalationPolicyId,
        hours = s.SupportHours is null ? null : JsonSerializer.Serialize(s.SupportHours, OnCallStorageJson.Default.SupportHours),
        rule = s.PriorityRule.ToString(), mode = s.CreationMode.ToString(),
        ar = s.AutoResolveTimeout is { } a ? (long?)a.TotalMilliseconds : null,
        gw = s.GroupingWindow is { } g ? (long?)g.TotalMilliseconds : null,
        rn = s.RenotifyEvery is { } n ? (long?)n.TotalMilliseconds : null,
        score = s.ScoreThreshold,
        now = Ms(now),
    };

    public async Task<bool> DeleteAsync(Guid tenantId, long id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteAsync(new CommandDefinition("DELETE FROM alert_sources WHERE id = @id AND tenant_id = @t",
            new { id, t = T(tenantId) }, cancellationToken: ct)).ConfigureAwait(false) > 0;
    }

    internal static AlertSource ToSource(Row r) => new(r.id, r.name, r.integration_key, r.escalation_policy_id,
        r.support_hours is null ? null : JsonSerializer.Deserialize(r.support_hours, OnCallStorageJson.Default.SupportHours),
        Enum.Parse<PriorityRule>(r.priority_rule), Enum.Parse<AlertCreationMode>(r.creation_mode),
        r.auto_resolve_ms is { } a ? TimeSpan.FromMilliseconds(a) : null, r.grouping_window_ms is { } g ? TimeSpan.FromMilliseconds(g) : null,
        r.renotify_ms is { } n ? TimeSpan.FromMilliseconds(n) : null, r.score_threshold);
}
