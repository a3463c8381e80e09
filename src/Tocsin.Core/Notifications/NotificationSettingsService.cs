using Tocsin.Core.Common;
using Tocsin.Core.OnCall;

namespace Tocsin.Core.Notifications;

/// <summary>
/// Validates and saves notification configuration (#4). Targets are checked here, at configuration time, so a bad URL
/// or address is a 4xx now rather than a failed page later; delivery re-checks addresses (DNS changes).
/// </summary>
public sealed class NotificationSettingsService(INotificationSettingsStore store, IUserStore users, AddressGuard guard, NotificationTemplates templates, TimeProvider time)
{
    public const int MaxChannelTargets = 50;
    public static readonly TimeSpan MaxRuleDelay = TimeSpan.FromDays(1);

    public async Task<Result<IReadOnlyList<ContactMethod>>> ContactMethodsAsync(Guid tenantId, long userId, CancellationToken ct) =>
        await users.GetAsync(tenantId, userId, ct) is null ? CoreError.NotFound("user") : Result<IReadOnlyList<ContactMethod>>.Ok(await store.ContactMethodsAsync(tenantId, userId, ct));

    public async Task<Result<ContactMethod>> SaveContactMethodAsync(Guid tenantId, ContactMethod method, CancellationToken ct)
    {
        if (await users.GetAsync(tenantId, method.UserId, ct) is null) return CoreError.NotFound("user");
        if (ChannelTargetValidator.Validate(method.Kind, method.Target, "target", guard) is [var error, ..]) return CoreError.Validation(error.Field, error.Message);
        if (method.Kind == ChannelKind.InApp && method.Target != method.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture))
            return CoreError.Validation("target", "an in-app contact method must name its own user");
        var id = await store.SaveContactMethodAsync(tenantId, method, time.GetUtcNow(), ct);
        return id == 0 ? CoreError.NotFound("contact method") : method with { Id = id };
    }

    public async Task<Result<IReadOnlyList<NotificationRule>>> RulesAsync(Guid tenantId, long userId, CancellationToken ct) =>
        await users.GetAsync(tenantId, userId, ct) is null ? CoreError.NotFound("user") : Result<IReadOnlyList<NotificationRule>>.Ok(await store.RulesAsync(tenantId, userId, ct));

    public async Task<Result<NotificationRule>> SaveRuleAsync(Guid tenantId, NotificationRule rule, CancellationToken ct)
    {
        if (await users.GetAsync(tenantId, rule.UserId, ct) is null) return CoreError.NotFound("user");
        if (rule.Delay < TimeSpan.Zero || rule.Delay > MaxRuleDelay) return CoreError.Validation("delayMinutes", $"must be between 0 and {MaxRuleDelay.TotalMinutes:0}");
        if (await store.ContactMethodAsync(tenantId, rule.UserId, rule.ContactMethodId, ct) is null)
            return CoreError.Validation("contactMethodId", $"contact method {rule.ContactMethodId} does not exist for this user");
        var id = await store.SaveRuleAsync(tenantId, rule, time.GetUtcNow(), ct);
        return id == 0 ? CoreError.NotFound("notification rule") : rule with { Id = id };
    }

    public async Task<Result<NotificationChannel>> SaveChannelAsync(Guid tenantId, NotificationChannel channel, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(channel.Name) || channel.Name.Length > 200) return CoreError.Validation("name", "is required (at most 200 characters)");
        if (channel.Targets.Count is 0 or > MaxChannelTargets) return CoreError.Validation("targets", $"must list 1 to {MaxChannelTargets} targets");
        if (channel.Kind == ChannelKind.Slack && channel.Targets.Count > 1) return CoreError.Validation("targets", "a Slack channel has one incoming-webhook URL");
        for (var i = 0; i < channel.Targets.Count; i++)
            if (ChannelTargetValidator.Validate(channel.Kind, channel.Targets[i], $"targets[{i}]", guard) is [var error, ..])
                return CoreError.Validation(error.Field, error.Message);
        if (channel.Kind == ChannelKind.InApp)
            foreach (var (target, i) in channel.Targets.Select((t, i) => (t, i)))
                if (await users.GetAsync(tenantId, long.Parse(target, System.Globalization.CultureInfo.InvariantCulture), ct) is null)
                    return CoreError.Validation($"targets[{i}]", $"user {target} does not exist");
        var id = await store.SaveChannelAsync(tenantId, channel, time.GetUtcNow(), ct);
        if (id == 0)
            return channel.Version != 0 && await store.ChannelAsync(tenantId, channel.Id, ct) is { } current
                ? CoreError.Conflict($"the channel is at version {current.Version}, not {channel.Version}", "version")
                : CoreError.NotFound("channel");
        return await store.ChannelAsync(tenantId, id, ct) ?? channel with { Id = id };
    }

    public async Task<Result<StoredTemplate>> SaveTemplateAsync(Guid tenantId, StoredTemplate template, CancellationToken ct)
    {
        if (templates.Validate(template.Set) is [var error, ..]) return CoreError.Validation(error.Field, error.Message);
        var id = await store.SaveTemplateAsync(tenantId, template, time.GetUtcNow(), ct);
        if (id == 0 && template.Id != 0 && await store.TemplateAsync(tenantId, template.Id, ct) is null) return CoreError.NotFound("template");
        return id == 0
            ? CoreError.Conflict($"a template for {template.Channel.ToWire()}/{template.Event.ToWire()} already exists", "event")
            : template with { Id = id };
    }
}
