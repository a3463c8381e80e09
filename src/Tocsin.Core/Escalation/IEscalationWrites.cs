using Tocsin.Core.OnCall;

namespace Tocsin.Core.Escalation;

/// <summary>
/// Escalation rows, outbox rows and the lookups the alert write path needs, on the alert write session's own
/// transaction: a trigger and its escalation row, or a step and its notifications, commit together or not at all.
/// </summary>
public interface IEscalationWrites
{
    ValueTask<EscalationState?> GetAsync(Guid tenantId, long alertId, CancellationToken ct);
    ValueTask PutAsync(Guid tenantId, long alertId, EscalationState state, DateTimeOffset now, CancellationToken ct);
    ValueTask AddOutboxAsync(OutboxMessage message, DateTimeOffset now, CancellationToken ct);
    /// <summary>Whether <see cref="AddOutboxAsync"/> ran on the current transaction (the delivery worker is woken only then).</summary>
    bool OutboxWritten { get; }
    /// <summary>The alert's outbox rows of <paramref name="eventTypes"/>, oldest first: who was paged for it, and how (payload).</summary>
    ValueTask<IReadOnlyList<(long? UserId, string Channel, string Payload)>> NotifiedAsync(Guid tenantId, long alertId, IReadOnlyList<string> eventTypes, CancellationToken ct);
    ValueTask<AlertSource?> GetSourceAsync(Guid tenantId, long sourceId, CancellationToken ct);
    ValueTask<EscalationPolicy?> GetPolicyAsync(Guid tenantId, long policyId, CancellationToken ct);
    ValueTask<bool> InMaintenanceAsync(Guid tenantId, long sourceId, DateTimeOffset now, CancellationToken ct);
    /// <summary>Sets (or moves) the alert's auto-resolve due time and drops any claim on it, so a pushed-back timer is claimed afresh.</summary>
    ValueTask ScheduleAutoResolveAsync(Guid tenantId, long alertId, DateTimeOffset dueAt, CancellationToken ct);
    ValueTask<DateTimeOffset?> GetAutoResolveAsync(Guid tenantId, long alertId, CancellationToken ct);
    ValueTask ClearAutoResolveAsync(Guid tenantId, long alertId, CancellationToken ct);
    /// <summary>The tenant's <see cref="Common.IConfigVersions"/> number, read on this transaction.</summary>
    ValueTask<long> ConfigVersionAsync(Guid tenantId, CancellationToken ct);
}

/// <summary>An escalation whose next step is due.</summary>
public readonly record struct DueEscalation(Guid TenantId, long AlertId);

/// <summary>Read side of escalation rows and the outbox (workers, tests, the API).</summary>
public interface IEscalationStore
{
    /// <summary>Escalations due at <paramref name="now"/> with an alert id above <paramref name="afterAlertId"/>, by alert id.</summary>
    Task<IReadOnlyList<DueEscalation>> DueAsync(DateTimeOffset now, long afterAlertId, int limit, CancellationToken ct);
    Task<EscalationState?> GetAsync(Guid tenantId, long alertId, CancellationToken ct);
    Task<IReadOnlyList<OutboxMessage>> OutboxAsync(Guid tenantId, long alertId, CancellationToken ct);

    /// <summary>Gives up every claim this node holds, so another node (or this process's successor) need not wait out the lease.</summary>
    Task ReleaseClaimsAsync(CancellationToken ct);
}
