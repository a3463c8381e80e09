using Tocsin.Core.Alerts;

namespace Tocsin.Core.Tests.Alerts;

public sealed class AlertTransitionsTests
{
    private const TransitionKind A = TransitionKind.Applied, N = TransitionKind.NoOp, R = TransitionKind.Rejected;

    // Every (state, action) pair, with the expected outcome and resulting state.
    public static TheoryData<AlertStatus, AlertAction, TransitionKind, AlertStatus> Table => new()
    {
        { AlertStatus.Triggered, AlertAction.Acknowledge, A, AlertStatus.Acknowledged },
        { AlertStatus.Triggered, AlertAction.Unacknowledge, N, AlertStatus.Triggered },
        { AlertStatus.Triggered, AlertAction.Resolve, A, AlertStatus.Resolved },
        { AlertStatus.Triggered, AlertAction.Drop, A, AlertStatus.Dropped },
        { AlertStatus.Triggered, AlertAction.Archive, R, AlertStatus.Triggered },

        { AlertStatus.Acknowledged, AlertAction.Acknowledge, N, AlertStatus.Acknowledged },
        { AlertStatus.Acknowledged, AlertAction.Unacknowledge, A, AlertStatus.Triggered },
        { AlertStatus.Acknowledged, AlertAction.Resolve, A, AlertStatus.Resolved },
        { AlertStatus.Acknowledged, AlertAction.Drop, R, AlertStatus.Acknowledged },
        { AlertStatus.Acknowledged, AlertAction.Archive, R, AlertStatus.Acknowledged },

        { AlertStatus.Dropped, AlertAction.Acknowledge, A, AlertStatus.Acknowledged },
        { AlertStatus.Dropped, AlertAction.Unacknowledge, R, AlertStatus.Dropped },
        { AlertStatus.Dropped, AlertAction.Resolve, A, AlertStatus.Resolved },
        { AlertStatus.Dropped, AlertAction.Drop, N, AlertStatus.Dropped },
        { AlertStatus.Dropped, AlertAction.Archive, A, AlertStatus.Archived },

        { AlertStatus.Resolved, AlertAction.Acknowledge, R, AlertStatus.Resolved },
        { AlertStatus.Resolved, AlertAction.Unacknowledge, R, AlertStatus.Resolved },
        { AlertStatus.Resolved, AlertAction.Resolve, N, AlertStatus.Resolved },
        { AlertStatus.Resolved, AlertAction.Drop, R, AlertStatus.Resolved },
        { AlertStatus.Resolved, AlertAction.Archive, A, AlertStatus.Archived },

        { AlertStatus.Archived, AlertAction.Acknowledge, R, AlertStatus.Archived },
        { AlertStatus.Archived, AlertAction.Unacknowledge, R, AlertStatus.Archived },
        { AlertStatus.Archived, AlertAction.Resolve, R, AlertStatus.Archived },
        { AlertStatus.Archived, AlertAction.Drop, R, AlertStatus.Archived },
        { AlertStatus.Archived, AlertAction.Archive, N, AlertStatus.Archived },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Decide_EveryPair_MatchesTable(AlertStatus from, AlertAction action, TransitionKind kind, AlertStatus to)
    {
        var t = AlertTransitions.Decide(from, action);
        t.Kind.ShouldBe(kind);
        t.To.ShouldBe(to);
        if (kind == R) t.Reason!.ShouldContain(from.ToWire());
    }

    [Fact]
    public void Table_CoversEveryPair()
    {
        var covered = Table.Select(row => ((AlertStatus)row[0], (AlertAction)row[1])).ToHashSet();
        covered.Count.ShouldBe(Enum.GetValues<AlertStatus>().Length * Enum.GetValues<AlertAction>().Length);
    }
}
