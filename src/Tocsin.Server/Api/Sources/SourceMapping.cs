using Tocsin.Core.Common;
using Tocsin.Core.OnCall;
using Tocsin.Server.Api.OnCall;

namespace Tocsin.Server.Api.Sources;

internal static class SourceMapping
{
    public static Result<AlertSource> ToSource(SourceRequest r, long id)
    {
        var rule = r.PriorityRule switch
        {
            null or "HIGH" => PriorityRule.High,
            "LOW" => PriorityRule.Low,
            "HIGH_DURING_SUPPORT_HOURS" => PriorityRule.HighDuringSupportHours,
            "LOW_DURING_SUPPORT_HOURS" => PriorityRule.LowDuringSupportHours,
            _ => (PriorityRule)(-1),
        };
        if (!Enum.IsDefined(rule)) return CoreError.Validation("priorityRule", "must be HIGH, LOW, HIGH_DURING_SUPPORT_HOURS or LOW_DURING_SUPPORT_HOURS");
        var mode = r.AlertCreation switch
        {
            // A grouping window alone says what is wanted: group by it.
            null when r.GroupingWindowMinutes is not null => AlertCreationMode.OneAlertGroupedPerWindow,
            null or "one_open_alert_per_key" => AlertCreationMode.OneOpenAlertPerKey,
            "one_alert_per_event" => AlertCreationMode.OneAlertPerEvent,
            "one_pending_alert" => AlertCreationMode.OnePendingAlert,
            "one_open_alert_per_source" => AlertCreationMode.OneOpenAlertPerSource,
            "one_alert_grouped_per_window" => AlertCreationMode.OneAlertGroupedPerWindow,
            "one_alert_per_summary" => AlertCreationMode.OneAlertPerSummary,
            "open_resolve_on_extraction" => AlertCreationMode.OpenResolveOnExtraction,
            "intelligent_grouping" => AlertCreationMode.IntelligentGrouping,
            _ => (AlertCreationMode)(-1),
        };
        if (!Enum.IsDefined(mode))
            return CoreError.Validation("alertCreation", "must be one_open_alert_per_key, one_alert_per_event, one_pending_alert, one_open_alert_per_source, " +
                "one_alert_grouped_per_window, one_alert_per_summary, open_resolve_on_extraction or intelligent_grouping");
        SupportHours? hours = null;
        if (r.SupportHours is { } h)
        {
            var windows = OnCallMapping.ToWindows(h.Windows, "supportHours.windows");
            if (!windows.IsOk) return windows.Error!;
            hours = new SupportHours(h.TimeZone ?? "", windows.Value!);
        }
        if (rule is PriorityRule.HighDuringSupportHours or PriorityRule.LowDuringSupportHours && hours is null)
            return CoreError.Validation("supportHours", "is required by a support-hours priority rule");
        if (r.RenotifyMinutes is < 1 or > 10_080) return CoreError.Validation("renotifyMinutes", "must be between 1 and 10080 (a week)");
        return new AlertSource(id, r.Name ?? "", "", r.EscalationPolicyId, hours, rule, mode,
            Minutes(r.AutoResolveTimeoutMinutes), Minutes(r.GroupingWindowMinutes), Minutes(r.RenotifyMinutes), r.ScoreThreshold);
    }

    private static TimeSpan? Minutes(int? m) => m is { } v ? TimeSpan.FromMinutes(v) : null;

    public static SourceDto ToDto(AlertSource s) => new(s.Id, s.Name, s.IntegrationKey, s.EscalationPolicyId,
        s.SupportHours is { } h ? new SupportHoursDto(h.TimeZone, OnCallMapping.ToDto(h.Windows)) : null,
        s.PriorityRule switch
        {
            PriorityRule.High => "HIGH",
            PriorityRule.Low => "LOW",
            PriorityRule.HighDuringSupportHours => "HIGH_DURING_SUPPORT_HOURS",
            _ => "LOW_DURING_SUPPORT_HOURS",
        },
        s.CreationMode switch
        {
            AlertCreationMode.OneOpenAlertPerKey => "one_open_alert_per_key",
            AlertCreationMode.OneAlertPerEvent => "one_alert_per_event",
            AlertCreationMode.OnePendingAlert => "one_pending_alert",
            AlertCreationMode.OneOpenAlertPerSource => "one_open_alert_per_source",
            AlertCreationMode.OneAlertPerSummary => "one_alert_per_summary",
            AlertCreationMode.OpenResolveOnExtraction => "open_resolve_on_extraction",
            AlertCreationMode.IntelligentGrouping => "intelligent_grouping",
            _ => "one_alert_grouped_per_window",
        },
        s.AutoResolveTimeout is { } a ? (int)a.TotalMinutes : null, s.GroupingWindow is { } g ? (int)g.TotalMinutes : null,
        s.RenotifyEvery is { } n ? (int)n.TotalMinutes : null, s.ScoreThreshold);

    public static Result<MaintenanceWindow> ToWindow(MaintenanceWindowRequest r, long id)
    {
        if (r.Start is not { } start) return CoreError.Validation("start", "is required");
        if (r.End is not { } end) return CoreError.Validation("end", "is required");
        return new MaintenanceWindow(id, r.Description, start, end, r.SourceIds ?? []);
    }

    public static MaintenanceWindowDto ToDto(MaintenanceWindow w) => new(w.Id, w.Description, w.Start, w.End, w.SourceIds);
}
