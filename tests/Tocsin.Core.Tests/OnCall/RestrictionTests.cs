using Tocsin.Core.OnCall;
using static Tocsin.Core.Tests.OnCall.Times;

namespace Tocsin.Core.Tests.OnCall;

public sealed class RestrictionTests
{
    internal static readonly TimeWindow[] WeekdaysNineToFive =
    [
        .. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .Select(d => TimeWindow.Weekly(d, new TimeOnly(9, 0), new TimeOnly(17, 0))),
    ];

    // 2026-01-05 is a Monday.
    private static readonly Schedule s_businessHours = new(1, "Ops", "Europe/Berlin",
    [
        new ScheduleLayer("office", [1, 2], At("2026-01-05T09:00+01:00"), ShiftLength.Days(1), new TimeOnly(9, 0))
        {
            Restrictions = WeekdaysNineToFive,
        },
    ]);

    [Theory]
    [InlineData("2026-01-05T08:59+01:00", null)]
    [InlineData("2026-01-05T09:00+01:00", 1L)]
    [InlineData("2026-01-05T16:59+01:00", 1L)]
    [InlineData("2026-01-05T17:00+01:00", null)]
    [InlineData("2026-01-06T10:00+01:00", 2L)]
    [InlineData("2026-01-10T10:00+01:00", null)] // Saturday
    [InlineData("2026-01-12T10:00+01:00", 2L)] // Monday, turn 7 → user 2
    public void OnCallAt_WeekdayRestriction_OnlyInsideTheWindow(string at, long? expected)
    {
        ScheduleCalculator.OnCallAt(s_businessHours, At(at)).UserId.ShouldBe(expected);
    }

    [Fact]
    public void LayerShifts_WeekdayRestriction_CutsTurnsToOfficeHours()
    {
        var shifts = ScheduleCalculator.LayerShifts(s_businessHours, 0, At("2026-01-05T00:00+01:00"), At("2026-01-12T00:00+01:00"));

        shifts.Count.ShouldBe(5);
        shifts[0].ShouldBe(new Shift(1, At("2026-01-05T09:00+01:00"), At("2026-01-05T17:00+01:00")));
        shifts[1].ShouldBe(new Shift(2, At("2026-01-06T09:00+01:00"), At("2026-01-06T17:00+01:00")));
        shifts[4].ShouldBe(new Shift(1, At("2026-01-09T09:00+01:00"), At("2026-01-09T17:00+01:00")));
    }

    [Fact]
    public void LayerShifts_RestrictionAcrossSpringForward_StaysAtLocalOfficeHours()
    {
        var shifts = ScheduleCalculator.LayerShifts(s_businessHours, 0, At("2026-03-27T00:00+01:00"), At("2026-03-31T00:00+02:00"));

        shifts.Select(s => (s.Start, s.End)).ShouldBe([
            (At("2026-03-27T09:00+01:00"), At("2026-03-27T17:00+01:00")),
            (At("2026-03-30T09:00+02:00"), At("2026-03-30T17:00+02:00")),
        ]);
    }

    [Theory]
    [InlineData("2026-01-05T21:59", false)]
    [InlineData("2026-01-05T22:00", true)]
    [InlineData("2026-01-06T05:59", true)]
    [InlineData("2026-01-06T06:00", false)]
    public void Contains_DailyWindowPastMidnight_CoversBothSides(string local, bool expected)
    {
        var window = TimeWindow.Daily(new TimeOnly(22, 0), new TimeOnly(6, 0));

        window.Contains(DateTime.Parse(local, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(expected);
    }

    [Theory]
    [InlineData("2026-01-09T23:00", true)] // Friday night
    [InlineData("2026-01-10T01:00", true)] // spills into Saturday
    [InlineData("2026-01-11T01:00", false)] // Sunday is not the day after Friday
    [InlineData("2026-01-08T23:00", false)] // Thursday
    public void Contains_WeeklyWindowPastMidnight_SpillsIntoTheNextDayOnly(string local, bool expected)
    {
        var window = TimeWindow.Weekly(DayOfWeek.Friday, new TimeOnly(20, 0), new TimeOnly(2, 0));

        window.Contains(DateTime.Parse(local, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(expected);
    }
}
