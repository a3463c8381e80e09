namespace Tocsin.Core.Notifications;

/// <summary>Configuration of notifications: contact methods, rules, channels and templates. Every call is tenant-scoped.</summary>
public interface INotificationSettingsStore
{
    Task<IReadOnlyList<ContactMethod>> ContactMethodsAsync(Guid tenantId, long userId, CancellationToken ct);
    Task<ContactMethod?> ContactMethodAsync(Guid tenantId, long userId, long id, CancellationToken ct);
    /// <summary>Inserts when <see cref="ContactMethod.Id"/> is 0; returns the id, or 0 when the row to update does not exist.</summary>
    Task<long> SaveContactMethodAsync(Guid tenantId, ContactMethod method, DateTimeOffset now, CancellationToken ct);
    Task<bool> DeleteContactMethodAsync(Guid tenantId, long userId, long id, CancellationToken ct);

    Task<IReadOnlyList<NotificationRule>> RulesAsync(Guid tenantId, long userId, CancellationToken ct);
    Task<NotificationRule?> RuleAsync(Guid tenantId, long userId, long id, CancellationToken ct);
    Task<long> SaveRuleAsync(Guid tenantId, NotificationRule rule, DateTimeOffset now, CancellationToken ct);
    Task<bool> DeleteRuleAsync(Guid tenantId, long userId, long id, CancellationToken ct);

    Task<IReadOnlyList<NotificationChannel>> ChannelsAsync(Guid tenantId, CancellationToken ct);
    Task<NotificationChannel?> ChannelAsync(Guid tenantId, long id, CancellationToken ct);
    Task<long> SaveChannelAsync(Guid tenantId, NotificationChannel channel, DateTimeOffset now, CancellationToken ct);
    Task<bool> DeleteChannelAsync(Guid tenantId, long id, CancellationToken ct);

    Task<IReadOnlyList<StoredTemplate>> TemplatesAsync(Guid tenantId, CancellationToken ct);
    Task<StoredTemplate?> TemplateAsync(Guid tenantId, long id, CancellationToken ct);
    /// <summary>Returns 0 when another template already covers the same (channel, event).</summary>
    Task<long> SaveTemplateAsync(Guid tenantId, StoredTemplate template, DateTimeOffset now, CancellationToken ct);
    Task<bool> DeleteTemplateAsync(Guid tenantId, long id, CancellationToken ct);
}

/// <summary>The per-user in-app inbox.</summary>
public interface IInboxStore
{
    /// <summary>Idempotent per delivery: a retried in-app delivery does not add a second item. Returns the item, or null if it already existed.</summary>
    Task<InboxItem?> AddAsync(Guid tenantId, long deliveryId, InboxItem item, CancellationToken ct);
    Task<IReadOnlyList<InboxItem>> ListAsync(Guid tenantId, long userId, long? beforeId, int limit, bool unreadOnly, CancellationToken ct);
    Task<long> UnreadCountAsync(Guid tenantId, long userId, CancellationToken ct);
    Task<InboxItem?> MarkReadAsync(Guid tenantId, long userId, long id, DateTimeOffset now, CancellationToken ct);
}
