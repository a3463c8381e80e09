using System.Data;
using System.Text.Json;
using Dapper;
using Tocsin.Core.Escalation;
using Tocsin.Core.OnCall;
using static Tocsin.Storage.Sql.OnCall.OnCallRows;

namespace Tocsin.Storage.Sql.OnCall;

public sealed class SqlEscalationPolicyStore(Database db) : IEscalationPolicyStore
{
    internal sealed record Row(long id, string name, string rules, long repeat, long initial_delay_ms);
    internal const string Select = "SELECT id, name, rules, repeat, initial_delay_ms FROM escalation_policies";
    internal const string ByIdSql = Select + " WHERE id = @id AND tenant_id = @t";

    public async Task<EscalationPolicy?> GetAsync(Guid tenantId, long id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(ByIdSql, new { id, t = T(tenantId) }, cancellationToken: ct)).ConfigureAwait(false);
        return row is null ? null : ToPolicy(row);
    }

    public async Task<IReadOnlyList<EscalationPolicy>> ListAsync(Guid tenantId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<Row>(new CommandDefinition($"{Select} WHERE tenant_id = @t ORDER BY id",
            new { t = T(tenantId) }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(ToPolicy).ToList();
    }

    public async Task<long> InsertAsync(Guid tenantId, EscalationPolicy p, DateTimeOffset now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO escalation_policies (tenant_id, name, rules, repeat, initial_delay_ms, created_at, updated_at) VALUES (@t, @name, @rules, @repeat, @delay, @now, @now) RETURNING id",
            new { t = T(tenantId), name = p.Name, rules = Rules(p), repeat = p.Repeat, delay = (long)p.InitialDelay.TotalMilliseconds, now = Ms(now) },
            cancellationToken: ct)).ConfigureAwait(false);
    }

    public async Task<bool> UpdateAsync(Guid tenantId, EscalationPolicy p, DateTimeOffset now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteAsync(new CommandDefinition(
            "UPDATE escalation_policies SET name = @name, rules = @rules, repeat = @repeat, initial_delay_ms = @delay, updated_at = @now WHERE id = @id AND tenant_id = @t",
            new { t = T(tenantId), id = p.Id, name = p.Name, rules = Rules(p), repeat = p.Repeat, delay = (long)p.InitialDelay.TotalMilliseconds, now = Ms(now) },
            cancellationToken: ct)).ConfigureAwait(false) > 0;
    }

    public async Task<bool> DeleteAsync(Guid tenantId, long id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteAsync(new CommandDefinition("DELETE FROM escalation_policies WHERE id = @id AND tenant_id = @t",
            new { id, t = T(tenantId) }, cancellationToken: ct)).ConfigureAwait(false) > 0;
    }

    private sealed record UsageRow(long id, string name);

    public async Task<IReadOnlyList<UserUsage>> UsagesAsync(Guid tenantId, long id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<UsageRow>(new CommandDefinition(
            "SELECT id, name FROM alert_sources WHERE tenant_id = @t AND escalation_policy_id = @id ORDER BY id",
            new { id, t = T(tenantId) }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => new UserUsage("source", r.id, r.name)).ToList();
    }

    private static string Rules(EscalationPolicy p) => JsonSerializer.Serialize(p.Rules.ToList(), OnCallStorageJson.Default.ListEscalationRule);

    internal static EscalationPolicy ToPolicy(Row r) =>
        new(r.id, r.name, JsonSerializer.Deserialize(r.rules, OnCallStorageJson.Default.ListEscalationRule) ?? [])
        {
            Repeat = (int)r.repeat,
            InitialDelay = TimeSpan.FromMilliseconds(r.initial_delay_ms),
        };
}
