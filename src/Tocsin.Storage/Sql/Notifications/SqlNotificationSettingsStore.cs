using System.Text.Json.Nodes;
using Dapper;
using Tocsin.Core.Notifications;
using static Tocsin.Storage.Sql.OnCall.OnCallRows;

namespace Tocsin.Storage.Sql.Notifications;

public sealed class SqlNotificationSettingsStore(Database db) : INotificationSettingsStore
{
    private sealed record MethodRow(long id, long user_id, string kind, string target, string? label, long verified);
    private sealed record RuleRow(long id, long user_id, long contact_method_id, long delay_ms);
    private sealed record ChannelRow(long id, string name, string kind, string config, long version, long created_at, long updated_at);
    private sealed record TemplateRow(long id, string channel, string @event, string subject, string? text_body, string? html_body, string? json_body);

    private const string MethodColumns = "id, user_id, kind, target, label, verified";

    public async Task<IReadOnlyList<ContactMethod>> ContactMethodsAsync(Guid tenantId, long userId, CancellationToken ct) =>
        (await QueryAsync<MethodRow>($"SELECT {MethodColumns} FROM contact_methods WHERE tenant_id = @t AND user_id = @userId ORDER BY id",
            new { t = T(tenantId), userId }, ct)).Select(ToMethod).ToList();

    public async Task<ContactMethod?> ContactMethodAsync(Guid tenantId, long userId, long id, CancellationToken ct) =>
        (await QueryAsync<MethodRow>($"SELECT {MethodColumns} FROM contact_methods WHERE tenant_id = @t AND user_id = @userId AND id = @id",
            new { t = T(tenantId), userId, id }, ct)).Select(ToMethod).FirstOrDefault();

    public Task<long> SaveContactMethodAsync(Guid tenantId, ContactMethod m, DateTimeOffset now, CancellationToken ct)
    {
        var args = new { t = T(tenantId), m.Id, m.UserId, kind = m.Kind.ToWire(), m.Target, m.Label, verified = m.Verified ? 1 : 0, now = Ms(now) };
        return m.Id == 0
            ? ScalarAsync("INSERT INTO contact_methods (tenant_id, user_id, kind, target, label, verified, created_at, updated_at) " +
                "VALUES (@t, @UserId, @kind, @Target, @Label, @verified, @now, @now) RETURNING id", args, ct)
            : UpdateAsync("UPDATE contact_methods SET kind = @kind, target = @Target, label = @Label, verified = @verified, updated_at = @now " +
                "WHERE id = @Id AND tenant_id = @t AND user_id = @UserId", m.Id, args, ct);
    }

    public Task<bool> DeleteContactMethodAsync(Guid tenantId, long userId, long id, CancellationToken ct) =>
        DeleteAsync("DELETE FROM contact_methods WHERE id = @id AND tenant_id = @t AND user_id = @userId", new { id, t = T(tenantId), userId }, ct);

    public async Task<IReadOnlyList<NotificationRule>> RulesAsync(Guid tenantId, long userId, CancellationToken ct) =>
        (await QueryAsync<RuleRow>("SELECT id, user_id, contact_method_id, delay_ms FROM notification_rules WHERE tenant_id = @t AND user_id = @userId ORDER BY delay_ms, id",
            new { t = T(tenantId), userId }, ct)).Select(ToRule).ToList();

    public async Task<NotificationRule?> RuleAsync(Guid tenantId, long userId, long id, CancellationToken ct) =>
        (await QueryAsync<RuleRow>("SELECT id, user_id, contact_method_id, delay_ms FROM notification_rules WHERE tenant_id = @t AND user_id = @userId AND id = @id",
            new { t = T(tenantId), userId, id }, ct)).Select(ToRule).FirstOrDefault();

    public Task<long> SaveRuleAsync(Guid tenantId, NotificationRule r, DateTimeOffset now, CancellationToken ct)
    {
        var args = new { t = T(tenantId), r.Id, r.UserId, r.ContactMethodId, delay = (long)r.Delay.TotalMilliseconds, now = Ms(now) };
        return r.Id == 0
            ? ScalarAsync("INSERT INTO notification_rules (tenant_id, user_id, contact_method_id, delay_ms, created_at) " +
                "VALUES (@t, @UserId, @ContactMethodId, @delay, @now) RETURNING id", args, ct)
            : UpdateAsync("UPDATE notification_rules SET contact_method_id = @ContactMethodId, delay_ms = @delay WHERE id = @Id AND tenant_id = @t AND user_id = @UserId",
                r.Id, args, ct);
    }

    public Task<bool> DeleteRuleAsync(Guid tenantId, long userId, long id, CancellationToken ct) =>
        DeleteAsync("DELETE FROM notification_rules WHERE id = @id AND tenant_id = @t AND user_id = @userId", new { id, t = T(tenantId), userId }, ct);

    public async Task<IReadOnlyList<NotificationChannel>> ChannelsAsync(Guid tenantId, CancellationToken ct) =>
        (await QueryAsync<ChannelRow>($"SELECT {ChannelColumns} FROM notification_channels WHERE tenant_id = @t ORDER BY id", new { t = T(tenantId) }, ct))
            .Select(ToChannel).ToList();

    public async Task<NotificationChannel?> ChannelAsync(Guid tenantId, long id, CancellationToken ct) =>
        (await QueryAsync<ChannelRow>($"SELECT {ChannelColumns} FROM notification_channels WHERE tenant_id = @t AND id = @id", new { t = T(tenantId), id }, ct))
            .Select(ToChannel).FirstOrDefault();

    private const string ChannelColumns = "id, name, kind, config, version, created_at, updated_at";

    public Task<long> SaveChannelAsync(Guid tenantId, NotificationChannel c, DateTimeOffset now, CancellationToken ct)
    {
        var config = new JsonObject { ["targets"] = new JsonArray(c.Targets.Select(x => (JsonNode)JsonValue.Create(x)).ToArray()) };
        // Written only when they differ from the defaults, so native channels keep the config they always had.
        if (!c.Enabled) config["enabled"] = false;
        if (c.TeamId is { } team) config["teamId"] = team;
        if (c.VendorOptions is { } options) config["vendorOptions"] = options;
        var args = new { t = T(tenantId), c.Id, c.Name, kind = c.Kind.ToWire(), config = config.ToJsonString(), c.Version, now = Ms(now) };
        return c.Id == 0
            ? ScalarAsync("INSERT INTO notification_channels (tenant_id, name, kind, config, version, created_at, updated_at) VALUES (@t, @Name, @kind, @config, 1, @now, @now) RETURNING id", args, ct)
            : UpdateAsync("UPDATE notification_channels SET name = @Name, kind = @kind, config = @config, version = version + 1, updated_at = @now " +
                "WHERE id = @Id AND tenant_id = @t AND (@Version = 0 OR version = @Version)", c.Id, args, ct);
    }

    public Task<bool> DeleteChannelAsync(Guid tenantId, long id, CancellationToken ct) =>
        DeleteAsync("DELETE FROM notification_channels WHERE id = @id AND tenant_id = @t", new { id, t = T(tenantId) }, ct);

    private const string TemplateColumns = "id, channel, event, subject, text_body, html_body, json_body";

    public async Task<IReadOnlyList<StoredTemplate>> TemplatesAsync(Guid tenantId, CancellationToken ct) =>
        (await QueryAsync<TemplateRow>($"SELECT {TemplateColumns} FROM notification_templates WHERE tenant_id = @t ORDER BY id", new { t = T(tenantId) }, ct))
            .Select(ToTemplate).ToList();

    public async Task<StoredTemplate?> TemplateAsync(Guid tenantId, long id, CancellationToken ct) =>
        (await QueryAsync<TemplateRow>($"SELECT {TemplateColumns} FROM notification_templates WHERE tenant_id = @t AND id = @id", new { t = T(tenantId), id }, ct))
            .Select(ToTemplate).FirstOrDefault();

    public async Task<long> SaveTemplateAsync(Guid tenantId, StoredTemplate s, DateTimeOffset now, CancellationToken ct)
    {
        var args = new { t = T(tenantId), s.Id, channel = s.Channel.ToWire(), ev = s.Event.ToWire(), s.Set.Subject, s.Set.Text, s.Set.Html, s.Set.Json, now = Ms(now) };
        try
        {
            return s.Id == 0
                ? await ScalarAsync("INSERT INTO notification_templates (tenant_id, channel, event, subject, text_body, html_body, json_body, created_at, updated_at) " +
                    "VALUES (@t, @channel, @ev, @Subject, @Text, @Html, @Json, @now, @now) RETURNING id", args, ct).ConfigureAwait(false)
                : await UpdateAsync("UPDATE notification_templates SET channel = @channel, event = @ev, subject = @Subject, text_body = @Text, html_body = @Html, " +
                    "json_body = @Json, updated_at = @now WHERE id = @Id AND tenant_id = @t", s.Id, args, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (db.IsUniqueViolation(e)) // UNIQUE(tenant, channel, event)
        {
            return 0;
        }
    }

    public Task<bool> DeleteTemplateAsync(Guid tenantId, long id, CancellationToken ct) =>
        DeleteAsync("DELETE FROM notification_templates WHERE id = @id AND tenant_id = @t", new { id, t = T(tenantId) }, ct);

    private static ContactMethod ToMethod(MethodRow r) => new(r.id, r.user_id, ChannelKindWire.Parse(r.kind), r.target, r.label, r.verified != 0);
    private static NotificationRule ToRule(RuleRow r) => new(r.id, r.user_id, r.contact_method_id, TimeSpan.FromMilliseconds(r.delay_ms));
    private static NotificationChannel ToChannel(ChannelRow r)
    {
        var config = JsonNode.Parse(r.config)!;
        return new(r.id, r.name, ChannelKindWire.Parse(r.kind), Targets(r.config))
        {
            Enabled = config["enabled"]?.GetValue<bool>() ?? true,
            TeamId = config["teamId"]?.GetValue<long>(),
            VendorOptions = config["vendorOptions"]?.GetValue<string>(),
            Version = (int)r.version,
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.created_at),
            UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.updated_at),
        };
    }
    private static StoredTemplate ToTemplate(TemplateRow r) => new(r.id, ChannelKindWire.Parse(r.channel), NotificationEventWire.Parse(r.@event),
        new TemplateSet(r.subject, r.text_body, r.html_body, r.json_body));

    internal static IReadOnlyList<string> Targets(string config) =>
        JsonNode.Parse(config)!["targets"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();

    private async Task<IEnumerable<TRow>> QueryAsync<TRow>(string sql, object args, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return (await c.QueryAsync<TRow>(new CommandDefinition(sql, args, cancellationToken: ct)).ConfigureAwait(false)).ToList();
    }

    private async Task<long> ScalarAsync(string sql, object args, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition(sql, args, cancellationToken: ct)).ConfigureAwait(false);
    }

    private async Task<long> UpdateAsync(string sql, long id, object args, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteAsync(new CommandDefinition(sql, args, cancellationToken: ct)).ConfigureAwait(false) > 0 ? id : 0;
    }

    private async Task<bool> DeleteAsync(string sql, object args, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteAsync(new CommandDefinition(sql, args, cancellationToken: ct)).ConfigureAwait(false) > 0;
    }
}
