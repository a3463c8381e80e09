using System.Collections.Concurrent;
using Tocsin.Core.Common;

namespace Tocsin.Core.Notifications;

/// <summary>
/// The notification settings a delivery pass reads (a user's rules and contact methods, a channel, the tenant's
/// templates), kept across passes until the tenant's config version moves, so a pass reads one number per tenant
/// instead of two to four lists per recipient.
/// </summary>
public sealed class NotificationSettingsCache(INotificationSettingsStore store, IConfigVersions versions)
{
    private readonly ConcurrentDictionary<Guid, TenantNotificationSettings> _tenants = new();

    /// <summary>The tenant's settings as of now; call once per pass and tenant (it reads the version).</summary>
    public async Task<TenantNotificationSettings> ForTenantAsync(Guid tenantId, CancellationToken ct)
    {
        // Parts are loaded lazily after this read: a change committed in between is kept under the older version and
        // so is read again by the next pass, never the reverse.
        var version = await versions.CurrentAsync(tenantId, ct).ConfigureAwait(false);
        if (_tenants.TryGetValue(tenantId, out var hit) && hit.Version == version) return hit;
        return _tenants[tenantId] = new TenantNotificationSettings(store, tenantId, version);
    }
}

/// <summary>One tenant's settings at one config version, each part read on first use.</summary>
public sealed class TenantNotificationSettings(INotificationSettingsStore store, Guid tenantId, long version)
{
    private readonly ConcurrentDictionary<long, (IReadOnlyList<NotificationRule>, IReadOnlyList<ContactMethod>)> _users = new();
    private readonly ConcurrentDictionary<long, NotificationChannel?> _channels = new();
    private IReadOnlyDictionary<(ChannelKind, NotificationEvent), TemplateSet>? _templates;

    public long Version => version;

    /// <summary>A user's rules and, when there are any, their contact methods.</summary>
    public async ValueTask<(IReadOnlyList<NotificationRule> Rules, IReadOnlyList<ContactMethod> Methods)> UserAsync(long userId, CancellationToken ct)
    {
        if (_users.TryGetValue(userId, out var hit)) return hit;
        var rules = await store.RulesAsync(tenantId, userId, ct).ConfigureAwait(false);
        var methods = rules.Count == 0 ? [] : await store.ContactMethodsAsync(tenantId, userId, ct).ConfigureAwait(false);
        return _users[userId] = (rules, methods);
    }

    public async ValueTask<NotificationChannel?> ChannelAsync(long channelId, CancellationToken ct)
    {
        if (_channels.TryGetValue(channelId, out var hit)) return hit;
        return _channels[channelId] = await store.ChannelAsync(tenantId, channelId, ct).ConfigureAwait(false);
    }

    /// <summary>The tenant's own templates by (channel, event); the defaults cover the rest.</summary>
    public async ValueTask<IReadOnlyDictionary<(ChannelKind, NotificationEvent), TemplateSet>> TemplatesAsync(CancellationToken ct) =>
        _templates ??= (await store.TemplatesAsync(tenantId, ct).ConfigureAwait(false)).ToDictionary(t => (t.Channel, t.Event), t => t.Set);
}
