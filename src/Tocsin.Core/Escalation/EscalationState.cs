namespace Tocsin.Core.Escalation;

/// <summary>
/// Where an alert's escalation stands. (<see cref="RuleIndex"/>, <see cref="RepeatRound"/>) is the step that runs
/// at <see cref="NextDueAt"/>; a RuleIndex equal to the rule count means every step has run and the last timeout is
/// pending, after which the alert is dropped. A stopped escalation has no due time.
/// </summary>
public sealed record EscalationState(
    EscalationPolicy PolicySnapshot,
    int RuleIndex,
    int RepeatRound,
    DateTimeOffset? NextDueAt,
    bool Stopped)
{
    /// <summary>True when the pending step is the final timeout rather than a page.</summary>
    public bool IsExhausted => RuleIndex >= PolicySnapshot.Rules.Count;
}
