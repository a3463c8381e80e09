namespace Tocsin.Core.Alerts;

public enum AlertAction { Acknowledge, Unacknowledge, Resolve, Drop, Archive }

public enum TransitionKind { Applied, NoOp, Rejected }

public readonly record struct Transition(TransitionKind Kind, AlertStatus To, string? Reason)
{
    public static Transition Applied(AlertStatus to) => new(TransitionKind.Applied, to, null);
    public static Transition NoOp(AlertStatus at) => new(TransitionKind.NoOp, at, null);
    public static Transition Rejected(string reason, AlertStatus at) => new(TransitionKind.Rejected, at, reason);
}

/// <summary>
/// The whole alert state machine in one table.
/// <code>
///   triggered    → acknowledged | resolved | dropped
///   acknowledged → resolved | triggered (un-acknowledge, ack timeout)
///   dropped      → acknowledged | resolved | archived
///   resolved     → archived
///   archived     (final)
/// </code>
/// Repeating the action that produced the current state is a no-op, so retried requests are harmless.
/// </summary>
public static class AlertTransitions
{
    public static Transition Decide(AlertStatus from, AlertAction action) => (from, action) switch
    {
        (AlertStatus.Triggered, AlertAction.Acknowledge) => Transition.Applied(AlertStatus.Acknowledged),
        (AlertStatus.Triggered, AlertAction.Resolve) => Transition.Applied(AlertStatus.Resolved),
        (AlertStatus.Triggered, AlertAction.Drop) => Transition.Applied(AlertStatus.Dropped),
        (AlertStatus.Triggered, AlertAction.Unacknowledge) => Transition.NoOp(from),

        (AlertStatus.Acknowledged, AlertAction.Acknowledge) => Transition.NoOp(from),
        (AlertStatus.Acknowledged, AlertAction.Resolve) => Transition.Applied(AlertStatus.Resolved),
        (AlertStatus.Acknowledged, AlertAction.Unacknowledge) => Transition.Applied(AlertStatus.Triggered),

        (AlertStatus.Dropped, AlertAction.Acknowledge) => Transition.Applied(AlertStatus.Acknowledged),
        (AlertStatus.Dropped, AlertAction.Resolve) => Transition.Applied(AlertStatus.Resolved),
        (AlertStatus.Dropped, AlertAction.Archive) => Transition.Applied(AlertStatus.Archived),
        (AlertStatus.Dropped, AlertAction.Drop) => Transition.NoOp(from),

        (AlertStatus.Resolved, AlertAction.Resolve) => Transition.NoOp(from),
        (AlertStatus.Resolved, AlertAction.Archive) => Transition.Applied(AlertStatus.Archived),

        (AlertStatus.Archived, AlertAction.Archive) => Transition.NoOp(from),

        _ => Transition.Rejected($"cannot {Verb(action)} an alert that is {from.ToWire()}", from),
    };

    private static string Verb(AlertAction a) => a switch
    {
        AlertAction.Acknowledge => "acknowledge",
        AlertAction.Unacknowledge => "un-acknowledge",
        AlertAction.Resolve => "resolve",
        AlertAction.Drop => "drop",
        _ => "archive",
    };
}
