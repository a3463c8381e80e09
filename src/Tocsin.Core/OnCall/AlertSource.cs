namespace Tocsin.Core.OnCall;

/// <summary>
/// How trigger events of a source become alerts (ilert's alert creation modes), enforced by <see cref="Alerts.AlertService"/>.
/// Stored by name, so members may be added but never renamed.
/// </summary>
public enum AlertCreationMode
{
    /// <summary>An event joins the open alert with its dedup key; without a key, or with none open, it opens a new alert.</summary>
    OneOpenAlertPerKey,
    /// <summary>Every event opens a new alert; the dedup key is kept (acknowledge/resolve events act on every open alert with it).</summary>
    OneAlertPerEvent,
    /// <summary>An event with a key joins the open (pending or acknowledged) alert with it, as in <see cref="OneOpenAlertPerKey"/>; an
    /// event without a key joins the source's pending (triggered, not acknowledged) alert, and once that is acknowledged the next
    /// keyless event opens a new one.</summary>
    OnePendingAlert,
    /// <summary>At most one open alert per source: every event joins the source's open alert, whatever its key.</summary>
    OneOpenAlertPerSource,
    /// <summary>An event joins the open alert with its key if there is one, else the source's open alert opened less than
    /// <see cref="AlertSource.GroupingWindow"/> ago; otherwise it opens a new alert.</summary>
    OneAlertGroupedPerWindow,
    /// <summary>An event joins the source's open alert with the same summary (ilert's ONE_ALERT_PER_EMAIL_SUBJECT); a new summary opens a new alert.</summary>
    OneAlertPerSummary,
    /// <summary>One alert per dedup key extracted from the event, which a resolve event with that key resolves (ilert's OPEN_RESOLVE_ON_EXTRACTION);
    /// an event without a key has nothing to be extracted and opens its own alert.</summary>
    OpenResolveOnExtraction,
    /// <summary>An event joins the newest open alert of the source opened within <see cref="AlertSource.GroupingWindow"/> whose summary is at least
    /// <see cref="AlertSource.ScoreThreshold"/> similar (<see cref="Alerts.SummarySimilarity"/>); otherwise it opens a new alert.</summary>
    IntelligentGrouping,
}

/// <summary>
/// Where alerts come from (a "service"): the integration key events use, the escalation policy new alerts follow,
/// support hours with the priority rule, and timings. <see cref="RenotifyEvery"/>: page the last paged people again while an
/// alert stays unresolved (#4). <see cref="ScoreThreshold"/> (0..1) is how similar summaries must be under
/// <see cref="AlertCreationMode.IntelligentGrouping"/>, and null under every other mode.
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
    TimeSpan? RenotifyEvery = null,
    double? ScoreThreshold = null);

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
