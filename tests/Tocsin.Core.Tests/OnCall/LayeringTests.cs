using Tocsin.Core.OnCall;
using static Tocsin.Core.Tests.OnCall.Times;

namespace Tocsin.Core.Tests.OnCall;

public sealed class LayeringTests
{
    // Layer 0: user 1 around the clock. Layer 1: user 2 on weekdays 09:00–17:00 Berlin. 2026-01-05 is a Monday.
    private static Schedule TwoLayers(params ScheduleOverride[] overrides) => new(7, "Ops", "Europe/Berlin",
    [
        new ScheduleLayer("base", [1], At("2026-01-01T00:00+01:00"), ShiftLength.Weeks(1), new TimeOnly(0, 0)),
        new ScheduleLayer("office", [2], At("2026-01-01T00:00+01:00"), ShiftLength.Days(1), new TimeOnly(9, 0))
        {
            Restrictions = RestrictionTests.WeekdaysNineToFive,
        },
    ])
    { Overrides = overrides };

    [Fact]
    public void OnCallAt_HigherLayerOnCall_Wins()
    {
        var answer = ScheduleCalculator.OnCallAt(TwoLayers(), At("2026-01-05T10:00+01:00"));

        answer.ShouldBe(OnCallAnswer.FromLayer(2, 1));
    }

    [Fact]
    public void OnCallAt_HigherLayerRestricted_FallsThroughToLowerLayer()
    {
        var answer = ScheduleCalculator.OnCallAt(TwoLayers(), At("2026-01-05T18:00+01:00"));

        answer.ShouldBe(OnCallAnswer.FromLayer(1, 0));
    }

    [Fact]
    public void OnCallAt_Override_WinsOverEveryLayer()
    {
        var schedule = TwoLayers(new ScheduleOverride(42, 99, At("2026-01-05T12:00+01:00"), At("2026-01-05T14:00+01:00")));

        var answer = ScheduleCalculator.OnCallAt(schedule, At("2026-01-05T13:00+01:00"));

        answer.UserId.ShouldBe(99);
        answer.Source.ShouldBe(OnCallSource.Override);
        answer.OverrideId.ShouldBe(42);
        ScheduleCalculator.OnCallAt(schedule, At("2026-01-05T14:00+01:00")).UserId.ShouldBe(2); // until is exclusive
    }

    [Fact]
    public void OnCallAt_NoLayerCovers_ReturnsNobody()
    {
        var schedule = new Schedule(1, "Ops", "UTC",
            [new ScheduleLayer("later", [1], At("2026-02-01T00:00Z"), ShiftLength.Days(1), new TimeOnly(0, 0))]);

        ScheduleCalculator.OnCallAt(schedule, At("2026-01-15T00:00Z")).ShouldBe(OnCallAnswer.Nobody);
    }

    [Fact]
    public void FinalShifts_LayersAndOverride_SplitTheDay()
    {
        var schedule = TwoLayers(new ScheduleOverride(42, 99, At("2026-01-05T12:00+01:00"), At("2026-01-05T14:00+01:00")));

        var shifts = ScheduleCalculator.FinalShifts(schedule, At("2026-01-05T00:00+01:00"), At("2026-01-06T00:00+01:00"));

        shifts.ShouldBe([
            new Shift(1, At("2026-01-05T00:00+01:00"), At("2026-01-05T09:00+01:00")),
            new Shift(2, At("2026-01-05T09:00+01:00"), At("2026-01-05T12:00+01:00")),
            new Shift(99, At("2026-01-05T12:00+01:00"), At("2026-01-05T14:00+01:00")),
            new Shift(2, At("2026-01-05T14:00+01:00"), At("2026-01-05T17:00+01:00")),
            new Shift(1, At("2026-01-05T17:00+01:00"), At("2026-01-06T00:00+01:00")),
        ]);
    }

    [Fact]
    public void FinalShifts_OverrideBySameUserAdjacent_MergesIntoOneShift()
    {
        var schedule = TwoLayers(new ScheduleOverride(1, 2, At("2026-01-05T17:00+01:00"), At("2026-01-05T19:00+01:00")));

        var shifts = ScheduleCalculator.FinalShifts(schedule, At("2026-01-05T08:00+01:00"), At("2026-01-05T20:00+01:00"));

        shifts.ShouldBe([
            new Shift(1, At("2026-01-05T08:00+01:00"), At("2026-01-05T09:00+01:00")),
            new Shift(2, At("2026-01-05T09:00+01:00"), At("2026-01-05T19:00+01:00")),
            new Shift(1, At("2026-01-05T19:00+01:00"), At("2026-01-05T20:00+01:00")),
        ]);
    }

    [Fact]
    public void FinalShifts_BaseLayerTurnsOfSameUser_MergeAcrossHandoffs()
    {
        var schedule = new Schedule(1, "Solo", "UTC",
            [new ScheduleLayer("solo", [5], At("2026-01-01T00:00Z"), ShiftLength.Days(1), new TimeOnly(0, 0))]);

        var shifts = ScheduleCalculator.FinalShifts(schedule, At("2026-01-01T00:00Z"), At("2026-01-08T00:00Z"));

        shifts.ShouldBe([new Shift(5, At("2026-01-01T00:00Z"), At("2026-01-08T00:00Z"))]);
    }

    [Fact]
    public void FinalShifts_GapWithNobody_IsLeftOut()
    {
        var schedule = new Schedule(1, "Office only", "Europe/Berlin",
        [
            new ScheduleLayer("office", [2], At("2026-01-01T00:00+01:00"), ShiftLength.Days(1), new TimeOnly(9, 0))
            {
                Restrictions = RestrictionTests.WeekdaysNineToFive,
            },
        ]);

        var shifts = ScheduleCalculator.FinalShifts(schedule, At("2026-01-05T00:00+01:00"), At("2026-01-07T00:00+01:00"));

        shifts.ShouldBe([
            new Shift(2, At("2026-01-05T09:00+01:00"), At("2026-01-05T17:00+01:00")),
            new Shift(2, At("2026-01-06T09:00+01:00"), At("2026-01-06T17:00+01:00")),
        ]);
    }

    [Fact]
    public void FinalShifts_AgreeWithOnCallAt_AtEveryQuarterHour()
    {
        var schedule = TwoLayers(
            new ScheduleOverride(1, 99, At("2026-03-28T22:00+01:00"), At("2026-03-29T04:00+02:00")),
            new ScheduleOverride(2, 98, At("2026-03-30T16:00+02:00"), At("2026-03-31T10:15+02:00")));
        var from = At("2026-03-26T00:00Z");
        var until = At("2026-04-02T00:00Z");

        var shifts = ScheduleCalculator.FinalShifts(schedule, from, until);

        for (var t = from; t < until; t = t.AddMinutes(15))
        {
            var expected = ScheduleCalculator.OnCallAt(schedule, t).UserId;
            var fromShifts = shifts.Where(s => s.Start <= t && t < s.End).Select(s => (long?)s.UserId).SingleOrDefault();
            fromShifts.ShouldBe(expected, $"at {t:O}");
        }
    }
}
