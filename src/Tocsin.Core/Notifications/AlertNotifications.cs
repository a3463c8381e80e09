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
        {
            var message = AlertEscalation.Message(alert, userId, eventType, $"notify:{alert.Id}:{userId}:{eventType}:{at}", w.Now, null, null);
            await w.Session.Escalations.AddOutboxAsync(message with { Payload = WithKinds(message.Payload, notify.UserKinds) }, w.Now, ct);
        }
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
        var told = new HashSet<(long?, string)>();
        foreach (var (userId, channel, payload) in paged)
        {
            if (!told.Add((userId, channel))) continue;
            if (NotificationEvents.ChannelIdOf(channel) is { } channelId)
                await NotificationEnqueue.ToChannelAsync(w, alert, channelId, eventType, at, ct);
            else if (userId is { } user)
            {
                // The user hears the news the way they were paged (a Genesys rule's alertTypes carry over).
                var message = AlertEscalation.Message(alert, user, eventType, $"{eventType}:{alert.Id}:{user}:{at}", w.Now, null, null);
                await w.Session.Escalations.AddOutboxAsync(message with { Payload = WithKinds(message.Payload, KindsOf(payload)) }, w.Now, ct);
            }
        }
    }

    /// <summary>Payload field restricting a user row to some contact method kinds (wire names); absent: all kinds.</summary>
    public const string KindsField = "kinds";

    public static string WithKinds(string payload, IReadOnlyList<ChannelKind>? kinds)
    {
        if (kinds is null) return payload;
        var node = System.Text.Json.Nodes.JsonNode.Parse(payload)!.AsObject();
        node[KindsField] = new System.Text.Json.Nodes.JsonArray(kinds.Select(k => (System.Text.Json.Nodes.JsonNode?)k.ToWire()).ToArray());
        return node.ToJsonString();
    }

    /// <summary>The kinds a user row is restricted to, or null for all.</summary>
    public static IReadOnlyList<ChannelKind>? KindsOf(string payload)
    {
        if (!payload.Contains("\"" + KindsField + "\"", StringComparison.Ordinal)) return null;
        var kinds = System.Text.Json.Nodes.JsonNode.Parse(payload)?[KindsField]?.AsArray();
        return kinds?.Select(k => ChannelKindWire.TryParse((string?)k, out var kind) ? kind : (ChannelKind?)null).OfType<ChannelKind>().ToList();
    }

    private static string Ms(DateTimeOffset t) => t.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
}
