namespace Tocsin.Core.Escalation;

/// <summary>
/// The escalation engine as pure functions of (state, now). Workers load a due state, call <see cref="OnDue"/>
/// with the alert's current status, and persist the returned state together with any notifications.
/// </summary>
public static class EscalationEngine
{
    public static EscalationStep Start(EscalationPolicy policySnapshot, DateTimeOffset now)
    {
        var due = now + policySnapshot.InitialDelay;
        return new(new EscalationState(policySnapshot, 0, 0, due, Stopped: false), new EscalationDecision.Wait(due));
    }

    /// <summary>
    /// Runs the pending step. The alert's status is re-checked here rather than trusted from when the step was
    /// scheduled, so after downtime an alert acknowledged or resolved meanwhile pages nobody.
    /// </summary>
    public static EscalationStep OnDue(EscalationState state, EscalationAlertState alert, DateTimeOffset now)
    {
        if (state.Stopped || state.NextDueAt is not { } due)
            return new(state, new EscalationDecision.Skip("escalation is stopped"));
        if (now < due)
            return new(state, new EscalationDecision.Wait(due));
        if (alert != EscalationAlertState.Open)
            return new(Stop(state), new EscalationDecision.Skip(alert == EscalationAlertState.Acknowledged
                ? "alert is acknowledged" : "alert is closed"));
        if (state.IsExhausted)
            return new(Stop(state), new EscalationDecision.Drop());

        var rules = state.PolicySnapshot.Rules;
        var rule = rules[state.RuleIndex];
        // The next step counts from now, not from the missed due time: a worker that was down for an hour resumes
        // with one page and a fresh timeout instead of firing every overdue step as a burst.
        var next = now + rule.Timeout;
        var (nextRule, nextRound) = state.RuleIndex + 1 < rules.Count
            ? (state.RuleIndex + 1, state.RepeatRound)
            : state.RepeatRound < state.PolicySnapshot.Repeat
                ? (0, state.RepeatRound + 1)
                : (rules.Count, state.RepeatRound);
        var advanced = state with { RuleIndex = nextRule, RepeatRound = nextRound, NextDueAt = next };
        return new(advanced, new EscalationDecision.Notify(state.RuleIndex, state.RepeatRound, rule.Targets, next));
    }

    /// <summary>The current target declines: the next rule is paged now instead of after the timeout.</summary>
    /// <remarks>Also resumes a stopped escalation (an acknowledger who declines); callers only reject open or acknowledged alerts.</remarks>
    public static EscalationStep OnReject(EscalationState state, DateTimeOffset now) =>
        OnDue(state with { Stopped = false, NextDueAt = now }, EscalationAlertState.Open, now);

    public static EscalationState OnAcknowledge(EscalationState state) => Stop(state);

    /// <summary>
    /// Un-acknowledge (by hand or an ack timeout) resumes at the rule that was paged last: its targets are paged
    /// again now and its timeout runs afresh. Before any page it starts at the first rule.
    /// </summary>
    public static EscalationStep OnUnacknowledge(EscalationState state, DateTimeOffset now)
    {
        var (rule, round) = Previous(state);
        return OnDue(state with { RuleIndex = rule, RepeatRound = round, Stopped = false, NextDueAt = now },
            EscalationAlertState.Open, now);
    }

    private static EscalationState Stop(EscalationState state) => state with { Stopped = true, NextDueAt = null };

    private static (int Rule, int Round) Previous(EscalationState state)
    {
        if (state.RuleIndex > 0) return (state.RuleIndex - 1, state.RepeatRound);
        if (state.RepeatRound > 0) return (state.PolicySnapshot.Rules.Count - 1, state.RepeatRound - 1);
        return (0, 0);
    }
}
