using Tocsin.Server.Api.OnCall;

namespace Tocsin.Server.Api.Sources;

public sealed record SupportHoursDto(string? TimeZone, List<TimeWindowDto>? Windows);

/// <summary>
/// An alert source. <c>priorityRule</c>: HIGH, LOW, HIGH_DURING_SUPPORT_HOURS, LOW_DURING_SUPPORT_HOURS (default HIGH).
/// <c>alertCreation</c> (what a trigger event joins instead of opening a new alert): one_open_alert_per_key (default: the open
/// alert with its dedup key), one_alert_per_event (nothing), one_pending_alert (the open alert with its key, or the unacknowledged
/// alert of the source for events without a key), one_open_alert_per_source (the source's open alert), one_alert_grouped_per_window (the
/// source's open alert opened less than <c>groupingWindowMinutes</c> ago; giving only the window selects this mode), one_alert_per_summary
/// (the source's open alert with the same summary), open_resolve_on_extraction (the open alert with the event's dedup key, which a
/// resolve event with the key resolves; no key, no grouping), intelligent_grouping (the newest open alert of the source opened within
/// <c>groupingWindowMinutes</c>, required, whose summary is at least <c>scoreThreshold</c> similar: 0..1, default 0.75, echoed only
/// for this mode). Under every mode but one_alert_per_event and one_open_alert_per_source, an open (acknowledged or not) alert with the
/// event's dedup key is joined first, whatever the mode's own rule says (ilert's "an alertKey matching an open alert groups regardless").
/// <c>autoResolveTimeoutMinutes</c>: an alert with no new event for that long is resolved by "system". The integration key is generated.
/// <c>renotifyMinutes</c> (1–10080): page the last paged people again every N minutes while an alert is unresolved.
/// </summary>
public sealed record SourceRequest(string? Name, long? EscalationPolicyId, SupportHoursDto? SupportHours, string? PriorityRule, string? AlertCreation,
    int? AutoResolveTimeoutMinutes, int? GroupingWindowMinutes, int? RenotifyMinutes = null, double? ScoreThreshold = null);

public sealed record SourceDto(long Id, string Name, string IntegrationKey, long? EscalationPolicyId, SupportHoursDto? SupportHours, string PriorityRule,
    string AlertCreation, int? AutoResolveTimeoutMinutes, int? GroupingWindowMinutes, int? RenotifyMinutes = null, double? ScoreThreshold = null);

/// <summary>Alerts of <c>sourceIds</c> (all sources when empty) are recorded but nobody is paged over [start, end).</summary>
public sealed record MaintenanceWindowRequest(string? Description, DateTimeOffset? Start, DateTimeOffset? End, List<long>? SourceIds);

public sealed record MaintenanceWindowDto(long Id, string? Description, DateTimeOffset Start, DateTimeOffset End, IReadOnlyList<long> SourceIds);
