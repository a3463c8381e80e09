using System.Globalization;
using Tocsin.Core.Alerts;

namespace Tocsin.Core.Rules;

/// <summary>
/// Turns evaluator decisions into core alert events, so rule alerts go through the same ingest path
/// (dedup, timeline, escalation) as every other signal.
/// </summary>
public static class RuleAlertMapping
{
    public const string Source = "rules";
    public const string RuleIdLabel = "rule_id";

    public static readonly Actor Actor = Actor.Integration(Source);

    public static AlertEvent ToEvent(CompiledRule compiled, RuleDecision decision, DateTimeOffset now) => decision switch
    {
        RuleDecision.Fire f => Trigger(compiled, f.SegmentKey, f.DedupKey, f.Level, f.Value, now, null),
        // Same dedup key with PriorityGiven: the open alert's priority is raised in place, and the rule's targets told.
        RuleDecision.Escalate e => Trigger(compiled, e.SegmentKey, e.DedupKey, e.NewLevel, e.Value, now, Notifications.NotificationEvents.Escalated),
        _ => Resolve(decision.DedupKey),
    };

    public static AlertEvent Resolve(string dedupKey) => new(EventAction.Resolve, dedupKey, null);

    private static AlertEvent Trigger(CompiledRule compiled, string segmentKey, string dedupKey, AlertLevel level, double value, DateTimeOffset now, string? onRepeat)
    {
        var rule = compiled.Rule;
        var labels = SegmentLabels(segmentKey, compiled.SegmentBy);
        labels[RuleIdLabel] = rule.Id.ToString(CultureInfo.InvariantCulture);
        var valueText = double.IsNaN(value) ? "no data" : value.ToString("G6", CultureInfo.InvariantCulture);
        var priority = level == AlertLevel.Critical ? Priority.Critical : Priority.Medium;
        return new AlertEvent(EventAction.Trigger, dedupKey, new NewAlert
        {
            Title = segmentKey.Length == 0 ? rule.Name : $"{rule.Name} ({segmentKey})",
            Details = $"{Describe(rule)} — {level.ToString().ToLowerInvariant()} at value {valueText}",
            Source = Source,
            SourceId = rule.SourceId,
            Priority = priority,
            PriorityGiven = true,
            // The rule's severity describes its critical level; a warning is never more severe than medium.
            Severity = level == AlertLevel.Critical ? rule.Severity : Math.Max(rule.Severity, Priority.Medium.DefaultSeverity()),
            Labels = labels,
            OccurredAt = now,
            // #4: the rule's notificationChannelIds and users are told in the same transaction as the alert change.
            Notify = new Notifications.AlertNotify(rule.NotificationChannelIds, rule.NotifyUserIds, onRepeat, rule.NotifyKinds),
        });
    }

    /// <summary>What the rule judges, in words: the condition text, or what an anomaly rule compares.</summary>
    public static string Describe(Rule rule) => rule.Kind switch
    {
        RuleKind.Baseline => string.Join(" or ", rule.Monitor.Select(m => $"{m.Metric} deviates more than {m.StdDevFactor.ToString("G6", CultureInfo.InvariantCulture)}σ from its baseline")),
        RuleKind.HostComparison => string.Join(" or ", rule.Monitor.Select(m => $"{m.Metric} deviates more than {m.StdDevFactor.ToString("G6", CultureInfo.InvariantCulture)}σ from the other segments")),
        _ => rule.Condition,
    };

    /// <summary>
    /// Reads a segment key (<c>a=1,b=x</c>, labels sorted) back into labels. Values may contain ',' or '=', so each
    /// value runs up to the next <c>,label=</c> of the known label list rather than the next comma.
    /// </summary>
    public static Dictionary<string, string> SegmentLabels(string segmentKey, IReadOnlyList<string> sortedSegmentBy)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var at = 0;
        for (var i = 0; i < sortedSegmentBy.Count; i++)
        {
            var prefix = sortedSegmentBy[i] + "=";
            if (string.CompareOrdinal(segmentKey, at, prefix, 0, prefix.Length) != 0) break;
            at += prefix.Length;
            var end = i + 1 < sortedSegmentBy.Count ? segmentKey.IndexOf("," + sortedSegmentBy[i + 1] + "=", at, StringComparison.Ordinal) : segmentKey.Length;
            if (end < 0) end = segmentKey.Length;
            labels[sortedSegmentBy[i]] = segmentKey[at..end];
            at = end + 1;
        }
        return labels;
    }
}
