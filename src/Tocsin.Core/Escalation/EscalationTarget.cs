namespace Tocsin.Core.Escalation;

public enum TargetKind
{
    User,
    Schedule,
    Team,
}

/// <summary>Who a rule pages: a user directly, whoever is on call in a schedule, or every member of a team.</summary>
public readonly record struct EscalationTarget(TargetKind Kind, long Id)
{
    public static EscalationTarget User(long id) => new(TargetKind.User, id);
    public static EscalationTarget Schedule(long id) => new(TargetKind.Schedule, id);
    public static EscalationTarget Team(long id) => new(TargetKind.Team, id);
}
