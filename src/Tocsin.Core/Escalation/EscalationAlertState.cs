namespace Tocsin.Core.Escalation;

/// <summary>
/// What the engine needs to know about the alert, kept apart from the alert state machine so escalation does not
/// depend on Alerts: Triggered maps to Open, Acknowledged to Acknowledged, and Resolved/Archived/Dropped to Closed.
/// </summary>
public enum EscalationAlertState
{
    Open,
    Acknowledged,
    Closed,
}
