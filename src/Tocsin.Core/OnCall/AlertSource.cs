namespace Tocsin.Core.OnCall;

/// <summary>How events of a source become alerts (ilert's alert creation modes). Stored; only dedup by key is enforced today.</summary>
public enum AlertCreationMode
{
    OneOpenAlertPerKey,
    OneAlertPerEvent,
    OnePendingAlert,
}

/// <summary>
/// Where alerts come from (a "service"): the integration key events use, the escalation policy new alerts follow,
/// support hours with the priority rule, and timings. <see cref="RenotifyEvery"/>: page the last paged people again while an
/// alert stays unresolved (#4).
/// </summary>
public sealed record AlertSource(
    long Id,
    string Name,
    string IntegrationKey,
    long? EscalationPolicyId,
    SupportHours? SupportHours,
    PriorityRule PriorityRule,
    AlertCreationMode CreationMode,
    TimeSpan? AutoResolveTimeout,
    TimeSpan? GroupingWindow,
    TimeSpan? RenotifyEvery = null);

public interface IAlertSourceStore
{
    Task<AlertSource?> GetAsync(Guid tenantId, long id, CancellationToken ct);
    Task<AlertSource?> FindByIntegrationKeyAsync(Guid tenantId, string integrationKey, CancellationToken ct);
    /// <summary>#8: integration keys are unique across tenants, so a key alone (ilert's unauthenticated events API) names its tenant.</summary>
    Task<(Guid TenantId, AlertSource Source)?> FindByIntegrationKeyAsync(string integrationKey, CancellationToken ct);
    Task<IReadOnlyList<AlertSource>> ListAsync(Guid tenantId, CancellationToken ct);
    Task<long> InsertAsync(Guid tenantId, AlertSource source, DateTimeOffset now, CancellationToken ct);
    Task<bool> UpdateAsync(Guid tenantId, AlertSource source, DateTimeOffset now, CancellationToken ct);
    Task<bool> DeleteAsync(Guid tenantId, long id, CancellationToken ct);
}
