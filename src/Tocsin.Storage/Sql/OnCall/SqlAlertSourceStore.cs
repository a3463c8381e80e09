using System.Collections.Concurrent;
using System.Data;
using System.Text.Json;
using Dapper;
using Tocsin.Core.OnCall;
using static Tocsin.Storage.Sql.OnCall.OnCallRows;

namespace Tocsin.Storage.Sql.OnCall;

/// <remarks>
/// Integration-key lookups (one per event sent with an integration key, ahead of the write) are cached for
/// <see cref="KeyCacheTtl"/>. A source's key never changes once generated, and the event path takes only the source's
/// id from this lookup (the writer re-reads the source itself inside its transaction), so a cached entry can only be
/// stale after a delete: this node forgets the key at once, other nodes sharing PostgreSQL within the TTL. Until then
/// they may accept an event for the deleted source, which then escalates nobody, as when the delete lands between
/// the lookup and the write.
/// </remarks>
public sealed class SqlAlertSourceStore(Database db, TimeProvider time) : IAlertSourceStore
{
    /// <summary>How long another node may still accept a deleted source's integration key.</summary>
    public static readonly TimeSpan KeyCacheTtl = TimeSpan.FromSeconds(5);
    private const int KeyCacheLimit = 10_000;
    private readonly ConcurrentDictionary<string, (Guid TenantId, AlertSource Source, DateTimeOffset Until)> _byKey = new(StringComparer.Ordinal);

    internal sealed record Row(long id, string name, string integration_key, long? escalation_policy_id, string? support_hours, string priority_rule,
        string creation_mode, long? auto_resolve_ms, long? grouping_window_ms, long? renotify_ms, double? score_threshold);
    internal const string Select = "SELECT id, name, integration_key, escalation_policy_id, support_hours, priority_rule, creation_mode, auto_resolve_ms, grouping_window_ms, renotify_ms, score_threshold FROM alert_sources";
    internal const string ByIdSql = Select + " WHERE id = @id AND tenant_id = @t";

    public async Task<AlertSource?> GetAsync(Guid tenantId, long id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(ByIdSql, new { id, t = T(tenantId) }, cancellationToken: ct)).ConfigureAwait(false);
        return row is null ? null : ToSource(row);
    }

    public async Task<AlertSource?> FindByIntegrationKeyAsync(Guid tenantId, string integrationKey, CancellationToken ct) =>
        await FindByIntegrationKeyAsync(integrationKey, ct).ConfigureAwait(false) is { } hit && hit.TenantId == tenantId ? hit.Source : null;

    public async Task<(Guid TenantId, AlertSource Source)?> FindByIntegrationKeyAsync(string integrationKey, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (_byKey.TryGetValue(integrationKey, out var cached) && cached.Until > now) return (cached.TenantId, cached.Source);
        // Keys are unique across tenants (UNIQUE column), so one row answers both overloads. Misses are not cached: a
        // key typed wrong is rare, and a source created on another node must be found at once.
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var found = (await c.QueryAsync<TenantRow, Row, (Guid TenantId, AlertSource Source)>(new CommandDefinition(
            $"SELECT tenant_id, {Select["SELECT ".Length..]} WHERE integration_key = @k", new { k = integrationKey }, cancellationToken: ct),
            (t, r) => (Guid.Parse(t.tenant_id), ToSource(r)), splitOn: "id").ConfigureAwait(false)).ToList();
        if (found.Count == 0) return null;
        if (_byKey.Count >= KeyCacheLimit) _byKey.Clear();
        _byKey[integrationKey] = (found[0].TenantId, found[0].Source, now + KeyCacheTtl);
        return found[0];
    }

    private sealed record TenantRow(string tenant_id);

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
        var updated = await c.ExecuteAsync(new CommandDefinition(
            "UPDATE alert_sources SET name = @name, escalation_policy_id = @policy, support_hours = @hours, priority_rule = @rule, creation_mode = @mode, " +
            "auto_resolve_ms = @ar, grouping_window_ms = @gw, renotify_ms = @rn, score_threshold = @score, updated_at = @now WHERE id = @id AND tenant_id = @t", Params(tenantId, s, now), cancellationToken: ct)).ConfigureAwait(false) > 0;
        // The cached copy's other fields are stale now (the event path reads only its id, but other callers may not).
        Forget(tenantId, s.Id);
        return updated;
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
        var deleted = await c.ExecuteAsync(new CommandDefinition("DELETE FROM alert_sources WHERE id = @id AND tenant_id = @t",
            new { id, t = T(tenantId) }, cancellationToken: ct)).ConfigureAwait(false) > 0;
        Forget(tenantId, id);
        return deleted;
    }

    private void Forget(Guid tenantId, long id)
    {
        foreach (var (key, entry) in _byKey)
            if (entry.TenantId == tenantId && entry.Source.Id == id) _byKey.TryRemove(key, out _);
    }

    internal static AlertSource ToSource(Row r) => new(r.id, r.name, r.integration_key, r.escalation_policy_id,
        r.support_hours is null ? null : JsonSerializer.Deserialize(r.support_hours, OnCallStorageJson.Default.SupportHours),
        Enum.Parse<PriorityRule>(r.priority_rule), Enum.Parse<AlertCreationMode>(r.creation_mode),
        r.auto_resolve_ms is { } a ? TimeSpan.FromMilliseconds(a) : null, r.grouping_window_ms is { } g ? TimeSpan.FromMilliseconds(g) : null,
        r.renotify_ms is { } n ? TimeSpan.FromMilliseconds(n) : null, r.score_threshold);
}
