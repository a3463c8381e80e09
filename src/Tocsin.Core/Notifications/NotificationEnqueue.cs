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
}
