using Tocsin.Core.Conditions;
using Tocsin.Core.Conditions.Ast;

namespace Tocsin.Core.Rules;

/// <summary>One problem with a rule, named by its JSON field; parse problems carry the position too.</summary>
public sealed record RuleFieldError(string Field, string Message, ConditionError? Parse = null);

public sealed record RuleValidation(CompiledRule? Compiled, IReadOnlyList<RuleFieldError> Errors)
{
    public bool IsValid => Compiled is not null;
}

public static class RuleValidator
{
    public static RuleValidation Validate(Rule rule)
    {
        var errors = new List<RuleFieldError>();

        if (string.IsNullOrWhiteSpace(rule.Name))
            errors.Add(new("name", "must not be empty"));
        else if (rule.Name.Length > RuleDefaults.MaxNameLength)
            errors.Add(new("name", $"must be at most {RuleDefaults.MaxNameLength} characters"));

        var anomaly = rule.Kind is RuleKind.Baseline or RuleKind.HostComparison;
        // Anomaly rules have no condition to parse (IBM: "required for MANUAL alerts only"); their text is kept, not read.
        ConditionExpr? parsedCondition = null;
        if (!anomaly)
        {
            var condition = ConditionParser.ParseCondition(rule.Condition);
            if (condition.Success) parsedCondition = condition.Value;
            else errors.Add(new("condition", $"{condition.Error.Message} at position {condition.Error.Position}; expected {condition.Error.Expected}", condition.Error));
        }
        var monitored = CheckKind(rule, parsedCondition, errors);

        var filter = ConditionParser.ParseFilter(rule.Filter);
        if (!filter.Success)
            errors.Add(new("filter", $"{filter.Error.Message} at position {filter.Error.Position}; expected {filter.Error.Expected}", filter.Error));

        if (rule.EvaluationStep <= TimeSpan.Zero)
            errors.Add(new("evaluationStep", "must be positive"));
        if (rule.Window <= TimeSpan.Zero)
            errors.Add(new("window", "must be positive"));
        else if (rule.Window > RuleDefaults.MaxWindow)
            errors.Add(new("window", $"must be at most {RuleDefaults.MaxWindow}"));
        else if (rule.EvaluationStep > TimeSpan.Zero && rule.Window.Ticks % rule.EvaluationStep.Ticks != 0)
            errors.Add(new("window", $"must be a whole number of the evaluation step ({rule.EvaluationStep.TotalSeconds:0.###} s)"));
        if (rule.HoldDuration < TimeSpan.Zero)
            errors.Add(new("holdDuration", "must not be negative"));
        if (rule.RenotifyInterval is { } renotify && (renotify <= TimeSpan.Zero || renotify > RuleDefaults.MaxRenotifyInterval))
            errors.Add(new("renotifyInterval", $"must be positive and at most {RuleDefaults.MaxRenotifyInterval} when set"));
        if (rule.Severity is < 0 or > 7)
            errors.Add(new("severity", "must be between 0 and 7"));

        CheckThreshold(rule.Critical, "critical", errors);
        CheckThreshold(rule.Warning, "warning", errors);
        if ((rule.Critical is not null || rule.Warning is not null) && parsedCondition is not null and not ComparisonCondition)
            errors.Add(new(rule.Critical is not null ? "critical" : "warning", "levels need a condition that is a single comparison"));

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var label in rule.SegmentBy ?? [])
        {
            if (string.IsNullOrWhiteSpace(label)) errors.Add(new("segmentBy", "label names must not be empty"));
            else if (!seen.Add(label)) errors.Add(new("segmentBy", $"label '{label}' is listed twice"));
        }

        if (errors.Count > 0) return new RuleValidation(null, errors);
        return new RuleValidation(anomaly ? new CompiledRule(rule, monitored, filter.Value!) : new CompiledRule(rule, parsedCondition!, filter.Value!), errors);
    }

    /// <summary>The kind-specific fields; returns the queries of an anomaly rule's monitored metrics.</summary>
    private static List<MetricQuery> CheckKind(Rule rule, ConditionExpr? condition, List<RuleFieldError> errors)
    {
        var queries = new List<MetricQuery>();
        if (!Enum.IsDefined(rule.Kind)) { errors.Add(new("kind", "unknown rule kind")); return queries; }
        if (rule.Kind != RuleKind.EventCount && rule.Events is not null) errors.Add(new("criteria", "only event-count rules take event criteria"));
        if (rule.Kind is not (RuleKind.Baseline or RuleKind.HostComparison))
        {
            if (rule.Monitor.Count > 0) errors.Add(new("monitor", "only baseline and host-comparison rules take monitored metrics"));
        }
        switch (rule.Kind)
        {
            case RuleKind.Baseline or RuleKind.HostComparison:
                if (rule.Monitor.Count is 0 or > AnomalyDefaults.MaxMonitoredMetrics)
                    errors.Add(new("monitor", $"must list 1 to {AnomalyDefaults.MaxMonitoredMetrics} metrics"));
                for (var i = 0; i < rule.Monitor.Count; i++)
                {
                    var m = rule.Monitor[i];
                    // The metric's value in a window is the average of its samples, averaged over the segment's series.
                    var parsed = string.IsNullOrWhiteSpace(m?.Metric) ? null : ConditionParser.ParseCondition($"avg(avg({m.Metric})) > 0");
                    if (parsed is not { Success: true, Value: ComparisonCondition { Query: var q } } || q.Metric != m!.Metric)
                        errors.Add(new($"monitor[{i}].metric", "must be a metric name, e.g. cpu.used.percent"));
                    else if (queries.Contains(q)) errors.Add(new($"monitor[{i}].metric", $"'{m.Metric}' is listed twice"));
                    else queries.Add(q);
                    if (m is not null && !(double.IsFinite(m.StdDevFactor) && m.StdDevFactor > 0 && m.StdDevFactor <= AnomalyDefaults.MaxStdDevFactor))
                        errors.Add(new($"monitor[{i}].stdDevFactor", $"must be a number above 0 and at most {AnomalyDefaults.MaxStdDevFactor}"));
                }
                if (rule.Critical is not null || rule.Warning is not null) errors.Add(new("critical", "anomaly rules take no explicit levels"));
                if (rule.Kind == RuleKind.HostComparison && rule.SegmentBy.Count == 0)
                    errors.Add(new("segmentBy", "a host comparison needs the label that tells the hosts apart, e.g. host.hostName"));
                break;
            case RuleKind.EventCount:
                if (condition is not null and not ComparisonCondition { Query: { Time: TimeAggregation.Count, Group: null, Metric: AnomalyDefaults.EventMetric } })
                    errors.Add(new("condition", $"an event-count condition is count({AnomalyDefaults.EventMetric}) <op> N, e.g. count({AnomalyDefaults.EventMetric}) > 5"));
                if (rule.Events is null) errors.Add(new("criteria", "is required for event-count rules"));
                if (rule.SegmentBy.Count > 0) errors.Add(new("segmentBy", "event counts are not segmented; send an empty list"));
                if (!string.IsNullOrWhiteSpace(rule.Filter)) errors.Add(new("filter", "event counts take no scope; use criteria.text and criteria.source"));
                if (rule.Critical is not null || rule.Warning is not null) errors.Add(new("critical", "event-count rules take no explicit levels"));
                break;
        }
        return queries;
    }

    private static void CheckThreshold(Threshold? threshold, string field, List<RuleFieldError> errors)
    {
        if (threshold is null) return;
        if (!Enum.IsDefined(threshold.Op)) errors.Add(new(field, "unknown operator"));
        if (!double.IsFinite(threshold.Value)) errors.Add(new(field, "threshold must be a finite number"));
    }
}
