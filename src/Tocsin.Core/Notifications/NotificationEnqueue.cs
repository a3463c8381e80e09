using Tocsin.Core.Alerts;
using Tocsin.Core.Escalation;

namespace Tocsin.Core.Notifications;

/// <summary>
/// Enqueues notifications inside an <see cref="AlertWriter"/> command, so they commit with the change that causes them.
/// Rule- and source-level channels (<c>notificationChannelIds</c> of the IBM and Twilio dialects) call
/// <see cref="ToChannelAsync"/>; escalation addresses users through <see cref="AlertEscalation.Message"/>.
/// </summary>
public static class NotificationEnqueue
{
    /// <param name="dedupPart">Makes the idempotency key unique per cause (e.g. the rule evaluation instant); the same
    /// part twice enqueues once.</param>
    public static ValueTask ToChannelAsync(WriteContext w, Alert alert, long channelId, string eventType, string dedupPart, CancellationToken ct)
    {
        var message = AlertEscalation.Message(alert, 0, eventType, $"chan:{channelId}:{alert.Id}:{eventType}:{dedupPart}", w.Now, null, null)
            with { UserId = null, Channel = NotificationEvents.ForChannel(channelId) };
        return w.Session.Escalations.AddOutboxAsync(message, w.Now, ct);
    }

    /// <summary>Payload field of a <c>direct:&lt;kind&gt;</c> row: the targets (URLs, addresses, user ids).</summary>
    public const string TargetsField = "targets";

    /// <summary>Payload field holding a dialect's own webhook body, sent verbatim instead of Tocsin's webhook template.</summary>
    public const string WebhookBodyField = "webhookBody";

    /// <summary>
    /// Enqueues <paramref name="eventType"/> to targets the caller names (not a user, not a stored channel): a dialect's own
    /// notification configuration. <paramref name="webhookBody"/>, when given, is what webhook targets receive.
    /// </summary>
    public static ValueTask ToTargetsAsync(WriteContext w, Guid tenantId, Alert? alert, ChannelKind kind, IReadOnlyList<string> targets, string eventType,
        string title, string idempotencyKey, string? webhookBody, CancellationToken ct)
    {
        var payload = new System.Text.Json.Nodes.JsonObject
        {
            ["alertId"] = alert?.Id,
            ["number"] = alert?.Number,
            ["title"] = alert?.Title ?? title,
            ["priority"] = alert?.Priority.ToWire(),
            ["status"] = alert?.Status.ToWire(),
            [TargetsField] = new System.Text.Json.Nodes.JsonArray(targets.Select(t => (System.Text.Json.Nodes.JsonNode?)t).ToArray()),
        };
        if (webhookBody is not null) payload[WebhookBodyField] = webhookBody;
        return w.Session.Escalations.AddOutboxAsync(new OutboxMessage(0, tenantId, alert?.Id, null, NotificationEvents.Direct(kind), eventType,
            payload.ToJsonString(), OutboxEvents.Scheduled, w.Now, idempotencyKey), w.Now, ct);
    }
}
