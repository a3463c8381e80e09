namespace Tocsin.Core.OnCall;

/// <summary>How an alert source picks the priority of a new alert (ilert's HIGH, LOW, HIGH_DURING_SUPPORT_HOURS, LOW_DURING_SUPPORT_HOURS).</summary>
public enum PriorityRule
{
    High,
    Low,
    HighDuringSupportHours,
    LowDuringSupportHours,
}

public enum RulePriority
{
    High,
    Low,
}

public static class PriorityRules
{
    /// <summary>
    /// The priority a rule gives an alert created at <paramref name="at"/>. Without support hours a source is never
    /// within them, so HighDuringSupportHours yields Low and LowDuringSupportHours yields High.
    /// </summary>
    public static RulePriority PriorityAt(this PriorityRule rule, SupportHours? supportHours, DateTimeOffset at) => rule switch
    {
        PriorityRule.High => RulePriority.High,
        PriorityRule.Low => RulePriority.Low,
        PriorityRule.HighDuringSupportHours => supportHours?.IsWithin(at) == true ? RulePriority.High : RulePriority.Low,
        PriorityRule.LowDuringSupportHours => supportHours?.IsWithin(at) == true ? RulePriority.Low : RulePriority.High,
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "unknown priority rule"),
    };
}
