using System.Globalization;
using Tocsin.Core.Alerts;
using Tocsin.Core.Escalation;

namespace Tocsin.Core.Notifications;

/// <summary>
/// Outbox rows that follow an alert's own life, written inside the <see cref="AlertWriter"/> command of the change so they
/// commit with it (#4): a trigger's <see cref="AlertNotify"/> targets, and "acknowledged"/"resolved" to everyone who was
/// paged for the alert (users and channels that got a trigger, escalation or re-notify).
/// </summary>
public static class AlertNotifications
{
    /// <summary>Events that paged someone: only their recipients hear about the acknowledgement and the resolution.</summary>
    public static readonly IReadOnlyList<string> PagingEvents = [NotificationEvents.Triggered, NotificationEvents.Escalated, NotificationEvents.Renotify];

    /// <summary>Enqueues <paramref name="eventType"/> to each channel and user of <paramref name="notify"/>.</summary>
    public static async ValueTask ToTargetsAsync(WriteContext w, Alert alert, AlertNotify notify, string eventType, CancellationToken ct)
    {
        var at = Ms(w.Now);
        foreach (var channelId in notify.ChannelIds.Distinct())
            await NotificationEnqueue.ToChannelAsync(w, alert, channelId, eventType, at, ct);
        foreach (var userId in notify.UserIds.Distinct())
            await w.Session.Escalations.AddOutboxAsync(AlertEscalation.Message(alert, userId, eventType,
                $"notify:{alert.Id}:{userId}:{eventType}:{at}", w.Now, null, null), w.Now, ct);
    }

    /// <summary>After a state-machine action: acknowledge and resolve are reported to whoever was paged; other actions to nobody.</summary>
    public static async ValueTask OnTransitionAsync(WriteContext w, Alert alert, AlertAction action, CancellationToken ct)
    {
        var eventType = action switch
        {
            AlertAction.Acknowledge => NotificationEvents.Acknowledged,
            AlertAction.Resolve => NotificationEvents.Resolved,
            _ => null,
        };
        if (eventType is null) return;
        var paged = await w.Session.Escalations.NotifiedAsync(alert.TenantId, alert.Id, PagingEvents, ct);
        if (paged.Count == 0) return;
        var at = Ms(w.Now);
        foreach (var (userId, channel) in paged)
        {
            if (NotificationEvents.ChannelIdOf(channel) is { } channelId)
                await NotificationEnqueue.ToChannelAsync(w, alert, channelId, eventType, at, ct);
            else if (userId is { } user)
                await w.Session.Escalations.AddOutboxAsync(AlertEscalation.Message(alert, user, eventType,
                    $"{eventType}:{alert.Id}:{user}:{at}", w.Now, null, null), w.Now, ct);
        }
    }

    private static string Ms(DateTimeOffset t) => t.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
}
