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

        var condition = ConditionParser.ParseCondition(rule.Condition);
        if (!condition.Success)
            errors.Add(new("condition", $"{condition.Error.Message} at position {condition.Error.Position}; expected {condition.Error.Expected}", condition.Error));

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
        if ((rule.Critical is not null || rule.Warning is not null) && condition.Success && condition.Value is not ComparisonCondition)
            errors.Add(new(rule.Critical is not null ? "critical" : "warning", "levels need a condition that is a single comparison"));

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var label in rule.SegmentBy ?? [])
        {
            if (string.IsNullOrWhiteSpace(label)) errors.Add(new("segmentBy", "label names must not be empty"));
            else if (!seen.Add(label)) errors.Add(new("segmentBy", $"label '{label}' is listed twice"));
        }

        return errors.Count == 0
            ? new RuleValidation(new CompiledRule(rule, condition.Value!, filter.Value!), errors)
            : new RuleValidation(null, errors);
    }

    private static void CheckThreshold(Threshold? threshold, string field, List<RuleFieldError> errors)
    {
        if (threshold is null) return;
        if (!Enum.IsDefined(threshold.Op)) errors.Add(new(field, "unknown operator"));
        if (!double.IsFinite(threshold.Value)) errors.Add(new(field, "threshold must be a finite number"));
    }
}
