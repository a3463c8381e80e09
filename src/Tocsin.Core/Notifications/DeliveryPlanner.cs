using System.Globalization;
using Tocsin.Core.Alerts;

namespace Tocsin.Core.Notifications;

/// <summary>
/// Turns one notification intent (an outbox row) into concrete deliveries. Pure: the worker loads the user's rules
/// or the channel and persists the result.
/// </summary>
public static class DeliveryPlanner
{
    /// <summary>
    /// One delivery per rule of the user. For paging events (triggered, escalated, renotify) a rule's delay applies and
    /// a delayed delivery is skipped if the alert is no longer unacknowledged when it falls due; other events
    /// (dropped, assigned...) are informational and go to each distinct contact method at once. A user without rules
    /// still gets an in-app item, so a page is never silently swallowed by missing configuration.
    /// </summary>
    /// <param name="kinds">Only contact methods of these kinds (a Genesys rule's alertTypes); null: all. In-app needs no
    /// contact method (the target is the user), so a list naming it always yields an in-app item.</param>
    public static IReadOnlyList<PlannedDelivery> ForUser(long userId, string eventType, IReadOnlyList<NotificationRule> rules,
        IReadOnlyList<ContactMethod> methods, DateTimeOffset createdAt, IReadOnlyCollection<ChannelKind>? kinds = null)
    {
        if (kinds is not null)
        {
            if (kinds.Count == 0) return []; // the source asked for no personal notification (Genesys alertTypes: [])
            var allowed = methods.Where(m => kinds.Contains(m.Kind)).ToList();
            var kept = ForUser(userId, eventType, rules.Where(r => allowed.Any(m => m.Id == r.ContactMethodId)).ToList(), allowed, createdAt);
            if (kinds.Contains(ChannelKind.InApp) && !kept.Any(p => p.Kind == ChannelKind.InApp))
                kept = [.. kept.Where(p => p.KeySuffix != "inapp"),
                    new PlannedDelivery(userId, null, ChannelKind.InApp, userId.ToString(CultureInfo.InvariantCulture), false, createdAt, "inapp")];
            return kept;
        }
        var byId = methods.ToDictionary(m => m.Id);
        var paging = IsPaging(eventType);
        var planned = new List<PlannedDelivery>();
        var seen = new HashSet<long>();
        foreach (var rule in rules)
        {
            if (!byId.TryGetValue(rule.ContactMethodId, out var method)) continue;
            if (!paging && !seen.Add(method.Id)) continue;
            var delay = paging ? rule.Delay : TimeSpan.Zero;
            planned.Add(new PlannedDelivery(userId, null, method.Kind, method.Target, RequireOpen: delay > TimeSpan.Zero, createdAt + delay,
                "r" + rule.Id.ToString(CultureInfo.InvariantCulture)));
        }
        if (planned.Count == 0)
            planned.Add(new PlannedDelivery(userId, null, ChannelKind.InApp, userId.ToString(CultureInfo.InvariantCulture), false, createdAt, "inapp"));
        return planned;
    }

    /// <summary>One delivery per target of a shared channel, all due now.</summary>
    public static IReadOnlyList<PlannedDelivery> ForChannel(NotificationChannel channel, DateTimeOffset createdAt) =>
        channel.Targets.Select((t, i) => new PlannedDelivery(
            channel.Kind == ChannelKind.InApp && long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var u) ? u : null,
            channel.Id, channel.Kind, t, false, createdAt, $"c{channel.Id}:{i}")).ToList();

    /// <summary>
    /// One delivery per target named in the outbox row itself (<c>direct:&lt;kind&gt;</c>, targets in the payload's
    /// <see cref="NotificationEnqueue.TargetsField"/>): for dialects whose own configuration holds the addresses (Twilio
    /// notification configurations). In-app targets are user ids.
    /// </summary>
    public static IReadOnlyList<PlannedDelivery> ForTargets(ChannelKind kind, IReadOnlyList<string> targets, DateTimeOffset createdAt) =>
        targets.Distinct(StringComparer.Ordinal).Select((t, i) => new PlannedDelivery(
            kind == ChannelKind.InApp && long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var u) ? u : null,
            null, kind, t, false, createdAt, $"d{i}")).ToList();

    public static bool IsPaging(string eventType) => eventType is NotificationEvents.Triggered or NotificationEvents.Escalated or NotificationEvents.Renotify;

    /// <summary>The template event for an outbox event name; people actions read best as an escalation ("you are paged").</summary>
    public static NotificationEvent TemplateEvent(string eventType) => eventType switch
    {
        NotificationEvents.Triggered or NotificationEvents.Renotify => NotificationEvent.Triggered,
        NotificationEvents.Dropped => NotificationEvent.Dropped,
        NotificationEvents.Acknowledged => NotificationEvent.Acknowledged,
        NotificationEvents.Resolved => NotificationEvent.Resolved,
        NotificationEvents.Digest => NotificationEvent.Digest,
        _ => NotificationEvent.Escalated,
    };

    /// <summary>Template context for an alert as it is now.</summary>
    public static NotificationContext Context(Alert alert, NotificationEvent @event, string? consoleBaseUrl, DateTimeOffset now) => new(
        @event, alert.Id, alert.Number, alert.Title, alert.Details, alert.Status.ToWire(), alert.Priority.ToWire(), alert.Source,
        alert.Labels, alert.Links.Select(l => new NotificationLink(l.Text ?? l.Href, l.Href)).ToList(),
        consoleBaseUrl is null ? null : $"{consoleBaseUrl.TrimEnd('/')}/alerts/{alert.Id.ToString(CultureInfo.InvariantCulture)}",
        Actor: null, now);
}

/// <summary>Outbox event names beyond the escalation ones (<see cref="Escalation.OutboxEvents"/>), and the channel addressing.</summary>
public static class NotificationEvents
{
    public const string Triggered = Escalation.OutboxEvents.Triggered;
    public const string Escalated = Escalation.OutboxEvents.Escalated;
    public const string Dropped = Escalation.OutboxEvents.Dropped;
    public const string Acknowledged = "acknowledged";
    public const string Resolved = "resolved";
    public const string Renotify = "renotify";
    public const string Digest = "digest";

    /// <summary>Outbox channel of a row addressed to a shared channel: <c>channel:&lt;id&gt;</c>.</summary>
    public const string ChannelPrefix = "channel:";

    public static string ForChannel(long channelId) => ChannelPrefix + channelId.ToString(CultureInfo.InvariantCulture);

    /// <summary>Outbox channel of a row that carries its own targets: <c>direct:&lt;kind&gt;</c>.</summary>
    public const string DirectPrefix = "direct:";

    public static string Direct(ChannelKind kind) => DirectPrefix + kind.ToWire();

    public static ChannelKind? DirectKindOf(string channel) =>
        channel.StartsWith(DirectPrefix, StringComparison.Ordinal) && ChannelKindWire.TryParse(channel[DirectPrefix.Length..], out var kind) ? kind : null;

    public static long? ChannelIdOf(string channel) =>
        channel.StartsWith(ChannelPrefix, StringComparison.Ordinal) &&
        long.TryParse(channel.AsSpan(ChannelPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}
