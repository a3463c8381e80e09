namespace Tocsin.Core.Escalation;

/// <summary>One step of a policy: page the targets, then wait <see cref="Timeout"/> for an acknowledgement.</summary>
public sealed record EscalationRule(IReadOnlyList<EscalationTarget> Targets, TimeSpan Timeout);

/// <summary>
/// Ordered rules run one after another; the whole list runs <see cref="Repeat"/> more times before the alert is
/// dropped. An alert escalates along a copy of its policy taken when it triggered, so edits never touch pages in flight.
/// </summary>
public sealed record EscalationPolicy(long Id, string Name, IReadOnlyList<EscalationRule> Rules)
{
    public int Repeat { get; init; }
    public TimeSpan InitialDelay { get; init; }
}
