using System.Globalization;
using Tocsin.Core.Escalation;
using Tocsin.Core.OnCall;

namespace Tocsin.Core.Tests.Escalation;

public sealed class TargetResolverTests
{
    private static readonly DateTimeOffset s_now = DateTimeOffset.Parse("2026-01-06T10:00+01:00", CultureInfo.InvariantCulture);

    // Daily rotation 1 → 2 → 3 from Monday 2026-01-05 09:00 Berlin: user 2 on Tuesday morning.
    private static readonly Dictionary<long, Schedule> s_schedules = new()
    {
        [20] = new Schedule(20, "Ops", "Europe/Berlin",
        [
            new ScheduleLayer("primary", [1, 2, 3], DateTimeOffset.Parse("2026-01-05T09:00+01:00", CultureInfo.InvariantCulture),
                ShiftLength.Days(1), new TimeOnly(9, 0)),
        ]),
    };

    private static TargetResolution Resolve(Dictionary<long, IReadOnlyList<EscalationTarget>> teams, params EscalationTarget[] targets) =>
        TargetResolver.Resolve(targets, s_schedules, teams, s_now);

    [Fact]
    public void Resolve_UsersSchedulesAndNestedTeams_ReturnsDistinctUsersInOrder()
    {
        var teams = new Dictionary<long, IReadOnlyList<EscalationTarget>>
        {
            [30] = [EscalationTarget.User(7), EscalationTarget.Team(31), EscalationTarget.User(2)],
            [31] = [EscalationTarget.User(8), EscalationTarget.Schedule(20)],
        };

        var result = Resolve(teams, EscalationTarget.User(5), EscalationTarget.Schedule(20), EscalationTarget.Team(30), EscalationTarget.User(5));

        result.Errors.ShouldBeEmpty();
        result.UserIds.ShouldBe([5, 2, 7, 8]);
    }

    [Fact]
    public void Resolve_TeamIncludingItselfIndirectly_ReportsTheCycle()
    {
        var teams = new Dictionary<long, IReadOnlyList<EscalationTarget>>
        {
            [30] = [EscalationTarget.User(7), EscalationTarget.Team(31)],
            [31] = [EscalationTarget.Team(32)],
            [32] = [EscalationTarget.Team(30), EscalationTarget.User(9)],
        };

        var result = Resolve(teams, EscalationTarget.Team(30));

        result.UserIds.ShouldBe([7, 9]); // everyone reachable is still paged
        result.Errors.Count.ShouldBe(1);
        result.Errors[0].Field.ShouldBe("targets[0]");
        result.Errors[0].Message.ShouldBe("team 30 includes itself: 30 → 31 → 32 → 30");
    }

    [Fact]
    public void Resolve_TeamReachedTwiceWithoutCycle_IsNotAnError()
    {
        var teams = new Dictionary<long, IReadOnlyList<EscalationTarget>>
        {
            [30] = [EscalationTarget.Team(32), EscalationTarget.Team(31)],
            [31] = [EscalationTarget.Team(32)],
            [32] = [EscalationTarget.User(9)],
        };

        var result = Resolve(teams, EscalationTarget.Team(30), EscalationTarget.Team(32));

        result.Errors.ShouldBeEmpty();
        result.UserIds.ShouldBe([9]);
    }

    [Fact]
    public void Resolve_DeletedScheduleAndTeam_NamesTheTargets()
    {
        var result = Resolve([], EscalationTarget.User(1), EscalationTarget.Schedule(99), EscalationTarget.Team(98));

        result.UserIds.ShouldBe([1]);
        result.Errors.Select(e => e.Field).ShouldBe(["targets[1]", "targets[2]"]);
    }

    [Fact]
    public void FindTeamCycle_SelfMember_ReturnsTheCycle()
    {
        var teams = new Dictionary<long, IReadOnlyList<EscalationTarget>>
        {
            [40] = [EscalationTarget.User(1), EscalationTarget.Team(41)],
            [41] = [EscalationTarget.Team(41)],
        };

        TargetResolver.FindTeamCycle(40, teams).ShouldBe([41L, 41L]);
        TargetResolver.FindTeamCycle(41, new Dictionary<long, IReadOnlyList<EscalationTarget>> { [41] = [EscalationTarget.User(1)] }).ShouldBeNull();
    }
}
