using Dapper;

namespace Tocsin.Storage.Sql;

public sealed class SqlTwilioStore(Database db) : ITwilioStore
{
    private const string RuleColumns = "rule_id AS RuleId, tenant_id AS TenantId, instance_sid AS InstanceSid, body AS Body, notify_methods_id AS NotifyMethodsId";
    private const string ConfigColumns = "ttid AS Ttid, tenant_id AS TenantId, instance_sid AS InstanceSid, body AS Body, created_at AS CreatedAt, updated_at AS UpdatedAt";

    private sealed record RuleRow(long RuleId, string TenantId, string InstanceSid, string Body, string? NotifyMethodsId)
    {
        public TwilioRuleRow ToRow() => new(RuleId, Guid.Parse(TenantId), InstanceSid, Body, NotifyMethodsId);
    }

    private sealed record ConfigRow(string Ttid, string TenantId, string InstanceSid, string Body, long CreatedAt, long UpdatedAt)
    {
        public TwilioConfigRow ToRow() => new(Ttid, Guid.Parse(TenantId), InstanceSid, Body,
            DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt), DateTimeOffset.FromUnixTimeMilliseconds(UpdatedAt));
    }

    public async Task UpsertRuleAsync(TwilioRuleRow row, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO twilio_rules (rule_id, tenant_id, instance_sid, body, notify_methods_id) VALUES (@id, @t, @i, @b, @n)
            ON CONFLICT (rule_id) DO UPDATE SET instance_sid = excluded.instance_sid, body = excluded.body, notify_methods_id = excluded.notify_methods_id
            """,
            new { id = row.RuleId, t = row.TenantId.ToString(), i = row.InstanceSid, b = row.Body, n = row.NotifyMethodsId }, cancellationToken: ct)).ConfigureAwait(false);
    }

    public async Task<TwilioRuleRow?> GetRuleAsync(Guid tenantId, long ruleId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var row = await c.QuerySingleOrDefaultAsync<RuleRow>(new CommandDefinition(
            $"SELECT {RuleColumns} FROM twilio_rules WHERE tenant_id = @t AND rule_id = @id", new { t = tenantId.ToString(), id = ruleId }, cancellationToken: ct)).ConfigureAwait(false);
        return row?.ToRow();
    }

    public async Task<IReadOnlyList<TwilioRuleRow>> ListRulesAsync(Guid tenantId, string instanceSid, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<RuleRow>(new CommandDefinition(
            $"SELECT {RuleColumns} FROM twilio_rules WHERE tenant_id = @t AND instance_sid = @i ORDER BY rule_id",
            new { t = tenantId.ToString(), i = instanceSid }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => r.ToRow()).ToList();
    }

    public async Task<IReadOnlyList<TwilioRuleRow>> ListAllRulesAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<RuleRow>(new CommandDefinition($"SELECT {RuleColumns} FROM twilio_rules ORDER BY rule_id", cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => r.ToRow()).ToList();
    }

    public async Task<IReadOnlyList<long>> RulesUsingConfigAsync(Guid tenantId, string ttid, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var ids = await c.QueryAsync<long>(new CommandDefinition(
            "SELECT rule_id FROM twilio_rules WHERE tenant_id = @t AND notify_methods_id = @n ORDER BY rule_id",
            new { t = tenantId.ToString(), n = ttid }, cancellationToken: ct)).ConfigureAwait(false);
        return ids.ToList();
    }

    public async Task CreateConfigAsync(TwilioConfigRow row, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO twilio_notification_configs (ttid, tenant_id, instance_sid, body, created_at, updated_at) VALUES (@id, @t, @i, @b, @c, @u)",
            new { id = row.Ttid, t = row.TenantId.ToString(), i = row.InstanceSid, b = row.Body, c = row.CreatedAt.ToUnixTimeMilliseconds(), u = row.UpdatedAt.ToUnixTimeMilliseconds() },
            cancellationToken: ct)).ConfigureAwait(false);
    }

    public async Task<TwilioConfigRow?> GetConfigAsync(Guid tenantId, string ttid, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var row = await c.QuerySingleOrDefaultAsync<ConfigRow>(new CommandDefinition(
            $"SELECT {ConfigColumns} FROM twilio_notification_configs WHERE tenant_id = @t AND ttid = @id", new { t = tenantId.ToString(), id = ttid }, cancellationToken: ct)).ConfigureAwait(false);
        return row?.ToRow();
    }

    public async Task<IReadOnlyList<TwilioConfigRow>> ListConfigsAsync(Guid tenantId, string instanceSid, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<ConfigRow>(new CommandDefinition(
            $"SELECT {ConfigColumns} FROM twilio_notification_configs WHERE tenant_id = @t AND instance_sid = @i ORDER BY created_at, ttid",
            new { t = tenantId.ToString(), i = instanceSid }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => r.ToRow()).ToList();
    }

    public async Task<bool> UpdateConfigAsync(Guid tenantId, string ttid, string body, DateTimeOffset now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteAsync(new CommandDefinition(
            "UPDATE twilio_notification_configs SET body = @b, updated_at = @now WHERE tenant_id = @t AND ttid = @id",
            new { t = tenantId.ToString(), id = ttid, b = body, now = now.ToUnixTimeMilliseconds() }, cancellationToken: ct)).ConfigureAwait(false) > 0;
    }

    public async Task<bool> DeleteConfigAsync(Guid tenantId, string ttid, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteAsync(new CommandDefinition(
            "DELETE FROM twilio_notification_configs WHERE tenant_id = @t AND ttid = @id", new { t = tenantId.ToString(), id = ttid }, cancellationToken: ct)).ConfigureAwait(false) > 0;
    }

    public async Task CreateInstanceAsync(Guid tenantId, string sid, DateTimeOffset now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition("INSERT INTO twilio_instances (sid, tenant_id, created_at) VALUES (@s, @t, @now)",
            new { s = sid, t = tenantId.ToString(), now = now.ToUnixTimeMilliseconds() }, cancellationToken: ct)).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<string>> ListInstancesAsync(Guid tenantId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var sids = await c.QueryAsync<string>(new CommandDefinition("SELECT sid FROM twilio_instances WHERE tenant_id = @t ORDER BY created_at, sid",
            new { t = tenantId.ToString() }, cancellationToken: ct)).ConfigureAwait(false);
        return sids.ToList();
    }

    public async Task<bool> TryRecordDeliveryAsync(long ruleId, string segmentKey, DateTimeOffset firingSince, string level, DateTimeOffset now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO twilio_deliveries (rule_id, segment_key, firing_since, level, delivered_at) VALUES (@r, @s, @f, @l, @now) ON CONFLICT DO NOTHING",
            new { r = ruleId, s = segmentKey, f = firingSince.ToUnixTimeMilliseconds(), l = level, now = now.ToUnixTimeMilliseconds() }, cancellationToken: ct)).ConfigureAwait(false) > 0;
    }

    public async Task<bool> WasDeliveredAsync(long ruleId, string segmentKey, DateTimeOffset firingSince, string level, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM twilio_deliveries WHERE rule_id = @r AND segment_key = @s AND firing_since = @f AND level = @l",
            new { r = ruleId, s = segmentKey, f = firingSince.ToUnixTimeMilliseconds(), l = level }, cancellationToken: ct)).ConfigureAwait(false) > 0;
    }
}
