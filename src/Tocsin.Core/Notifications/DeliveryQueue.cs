namespace Tocsin.Core.Notifications;

/// <summary>Stable stored strings of a delivery's status. Never rename: rows and the API carry them.</summary>
public static class DeliveryStatus
{
    public const string Scheduled = "SCHEDULED";
    public const string Retry = "RETRY";
    public const string Sent = "SENT";
    /// <summary>The channel confirmed receipt after SENT (the SMS/voice provider's status callback).</summary>
    public const string Delivered = "DELIVERED";
    public const string Failed = "FAILED";
    /// <summary>A delayed rule's delivery whose alert was acknowledged or closed before it was due.</summary>
    public const string Skipped = "SKIPPED";
    /// <summary>Held back by storm control and counted into a digest.</summary>
    public const string Coalesced = "COALESCED";
    /// <summary>Outbox rows only: turned into deliveries.</summary>
    public const string Expanded = "EXPANDED";
}

/// <summary>One target of an outbox row, as the expansion writes it.</summary>
public sealed record PlannedDelivery(long? UserId, long? ChannelId, ChannelKind Kind, string Target, bool RequireOpen, DateTimeOffset DueAt, string KeySuffix);

/// <summary>An outbox row due for expansion.</summary>
public sealed record PendingNotification(long Id, Guid TenantId, long? AlertId, long? UserId, string Channel, string EventType, string Payload,
    DateTimeOffset CreatedAt, string IdempotencyKey);

/// <summary>A claimed delivery, before rendering.</summary>
public sealed record ClaimedDelivery(long Id, Guid TenantId, long? AlertId, long? UserId, long? ChannelId, ChannelKind Kind, string Target,
    string EventType, string Payload, int Attempt, bool RequireOpen, DateTimeOffset CreatedAt, string IdempotencyKey);

/// <summary>What one attempt came to; <see cref="NextAttemptAt"/> is set only for RETRY.</summary>
public sealed record AttemptOutcome(long DeliveryId, int Attempt, string Status, string? Error, string? ExternalId, TimeSpan Duration,
    DateTimeOffset? NextAttemptAt);

public sealed record DeliveryAttempt(int Attempt, DateTimeOffset At, string Status, string? Error, string? ExternalId, long DurationMs);

/// <summary>A delivery with its attempt history, for <c>GET /alerts/{id}/notifications</c>.</summary>
public sealed record DeliveryRecord(long Id, long? OutboxId, long? UserId, long? ChannelId, ChannelKind Kind, string Target, string EventType,
    string Status, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt, DateTimeOffset? SentAt, string? LastError,
    string? ExternalId, IReadOnlyList<DeliveryAttempt> History);

/// <summary>
/// The delivery queue: outbox rows are expanded into deliveries, deliveries are claimed under a lease, and every
/// attempt is recorded. SQLite runs it as the single writer of one node; leases keep the door open for several.
/// </summary>
public interface IDeliveryStore
{
    Task<IReadOnlyList<PendingNotification>> PendingAsync(DateTimeOffset now, int limit, CancellationToken ct);
    /// <summary>Writes the deliveries and marks the outbox rows EXPANDED, the whole batch in one transaction (one fsync); repeats are ignored by key.</summary>
    Task ExpandAsync(IReadOnlyList<(PendingNotification Row, IReadOnlyList<PlannedDelivery> Deliveries)> batch, DateTimeOffset now, CancellationToken ct) =>
        ExpandAndClaimAsync(batch, now, null, ct);
    /// <summary>
    /// <see cref="ExpandAsync"/>, then, in the same transaction, <see cref="ClaimAsync"/> when <paramref name="claim"/> is
    /// given: a pass's fresh pages cost one write transaction instead of two. Claims nothing for an empty batch.
    /// </summary>
    Task<IReadOnlyList<ClaimedDelivery>> ExpandAndClaimAsync(IReadOnlyList<(PendingNotification Row, IReadOnlyList<PlannedDelivery> Deliveries)> batch,
        DateTimeOffset now, DeliveryClaim? claim, CancellationToken ct);
    /// <summary>Due deliveries (SCHEDULED/RETRY, due, not leased), leased until <paramref name="leaseUntil"/>.</summary>
    Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken ct);
    /// <summary>Records attempts and final or retry states in one transaction.</summary>
    Task RecordAsync(IReadOnlyList<AttemptOutcome> outcomes, DateTimeOffset now, CancellationToken ct);
    /// <summary>Marks rows that were not attempted (SKIPPED, COALESCED) without an attempt row.</summary>
    Task SettleAsync(IReadOnlyList<(long Id, string Status, string Reason)> rows, DateTimeOffset now, CancellationToken ct);
    /// <summary>A new delivery not caused by an outbox row (storm digests).</summary>
    Task AddAsync(Guid tenantId, long? alertId, PlannedDelivery delivery, string eventType, string payload, string idempotencyKey, DateTimeOffset now, CancellationToken ct);
    /// <summary>At start-up: drops the leases of processes that died mid-send (every lease where this process is the only deliverer).</summary>
    Task ReleaseLeasesAsync(DateTimeOffset now, CancellationToken ct);
    /// <summary>
    /// A provider's report on a SENT delivery: moves it to <paramref name="status"/> (DELIVERED or FAILED) and records it in the
    /// attempt history. False when the delivery does not exist, was not sent, or <paramref name="externalId"/> names another message.
    /// </summary>
    Task<bool> ConfirmAsync(long deliveryId, string? externalId, string status, string? error, DateTimeOffset now, CancellationToken ct);
    Task<IReadOnlyList<DeliveryRecord>> ForAlertAsync(Guid tenantId, long alertId, CancellationToken ct);
    Task<(int Pending, int Sent, int Failed)> CountsAsync(CancellationToken ct);
}

/// <summary>What a claim takes: due deliveries, at most <paramref name="Limit"/>, leased until <paramref name="LeaseUntil"/>.</summary>
public sealed record DeliveryClaim(DateTimeOffset LeaseUntil, int Limit);
