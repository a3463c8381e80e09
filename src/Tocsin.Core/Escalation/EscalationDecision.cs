namespace Tocsin.Core.Escalation;

/// <summary>What the caller must do after an engine call, besides persisting the new state.</summary>
public abstract record EscalationDecision
{
    private EscalationDecision() { }

    /// <summary>Nothing to do before <paramref name="DueAt"/>.</summary>
    public sealed record Wait(DateTimeOffset DueAt) : EscalationDecision;

    /// <summary>Page the targets of rule <paramref name="RuleIndex"/>; the next step is due at <paramref name="NextDueAt"/>.</summary>
    public sealed record Notify(int RuleIndex, int RepeatRound, IReadOnlyList<EscalationTarget> Targets, DateTimeOffset NextDueAt) : EscalationDecision;

    /// <summary>The last rule of the last round timed out with nobody acknowledging: mark the alert Dropped.</summary>
    public sealed record Drop : EscalationDecision;

    /// <summary>Page nobody: the alert is no longer open, or the escalation was already stopped.</summary>
    public sealed record Skip(string Reason) : EscalationDecision;
}

/// <summary>The new state to persist and the decision to act on, in the same transaction.</summary>
public readonly record struct EscalationStep(EscalationState State, EscalationDecision Decision);
