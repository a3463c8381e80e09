namespace Tocsin.Core.Escalation;

/// <summary>
/// A notification to deliver later, written in the same transaction as the change that causes it. Senders (the
/// notifications issue) pick rows up by status and next attempt; until then they are only recorded.
/// <see cref="IdempotencyKey"/> is unique, so an escalation step that somehow ran twice still pages once.
/// </summary>
public sealed record OutboxMessage(
    long Id,
    Guid TenantId,
    long? AlertId,
    long? UserId,
    string Channel,
    string EventType,
    string Payload,
    string Status,
    DateTimeOffset CreatedAt,
    string IdempotencyKey);

/// <summary>Stable event names of outbox rows written by escalation and people actions.</summary>
public static class OutboxEvents
{
    public const string Triggered = "triggered";
    public const string Escalated = "escalated";
    public const string Dropped = "dropped";
    public const string Assigned = "assigned";
    public const string Handoff = "handoff";
    public const string ResponderAdded = "responder_added";

    public const string Scheduled = "SCHEDULED";
    /// <summary>The user's own notification preferences pick the concrete channel at delivery time.</summary>
    public const string UserChannel = "user";
}
