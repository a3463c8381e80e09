using Tocsin.Core.OnCall;
using static Tocsin.Core.Tests.OnCall.Times;

namespace Tocsin.Core.Tests.OnCall;

/// <summary>
/// 2026 transitions: Berlin springs forward 29 March (02:00 CET → 03:00 CEST) and falls back 25 October;
/// New York springs forward 8 March (02:00 EST → 03:00 EDT) and falls back 1 November (02:00 EDT → 01:00 EST).
/// </summary>
public sealed class DaylightSavingTests
{
    private static Schedule Daily(string zone, string start, TimeOnly handoff, params long[] users) =>
        new(1, "Ops", zone, [new ScheduleLayer("primary", users, At(start), ShiftLength.Days(1), handoff)]);

    [Fact]
    public void LayerShifts_DailyAcrossBerlinSpringForward_DayIs23Hours()
    {
        var s = Daily("Europe/Berlin", "2026-03-27T09:00+01:00", new TimeOnly(9, 0), 1, 2, 3, 4);

        var shifts = ScheduleCalculator.LayerShifts(s, 0, At("2026-03-28T08:00Z"), At("2026-03-30T07:00Z"));

        shifts.ShouldBe([
            new Shift(2, At("2026-03-28T08:00Z"), At("2026-03-29T07:00Z")),
            new Shift(3, At("2026-03-29T07:00Z"), At("2026-03-30T07:00Z")),
        ]);
        (shifts[0].End - shifts[0].Start).ShouldBe(TimeSpan.FromHours(23));
    }

    [Fact]
    public void OnCallAt_BerlinSpringForward_HandsOffAtNineLocal()
    {
        var s = Daily("Europe/Berlin", "2026-03-27T09:00+01:00", new TimeOnly(9, 0), 1, 2, 3, 4);

        ScheduleCalculator.OnCallAt(s, At("2026-03-29T08:59+02:00")).UserId.ShouldBe(2);
        ScheduleCalculator.OnCallAt(s, At("2026-03-29T09:00+02:00")).UserId.ShouldBe(3);
    }

    [Fact]
    public void OnCallAt_BerlinFallBack_DayIs25HoursAndHandsOffAtNineLocal()
    {
        var s = Daily("Europe/Berlin", "2026-10-23T09:00+02:00", new TimeOnly(9, 0), 1, 2, 3);

        ScheduleCalculator.OnCallAt(s, At("2026-10-25T08:59+01:00")).UserId.ShouldBe(2);
        ScheduleCalculator.OnCallAt(s, At("2026-10-25T09:00+01:00")).UserId.ShouldBe(3);
        var shifts = ScheduleCalculator.LayerShifts(s, 0, At("2026-10-24T07:00Z"), At("2026-10-25T08:00Z"));
        shifts.ShouldBe([new Shift(2, At("2026-10-24T07:00Z"), At("2026-10-25T08:00Z"))]);
        (shifts[0].End - shifts[0].Start).ShouldBe(TimeSpan.FromHours(25));
    }

    [Fact]
    public void OnCallAt_BerlinHandoffInsideTheRepeatedHour_UsesItsFirstOccurrence()
    {
        // 02:30 happens twice on 25 October; the handoff is the first one (CEST, 00:30Z).
        var s = Daily("Europe/Berlin", "2026-10-23T02:30+02:00", new TimeOnly(2, 30), 1, 2, 3);

        ScheduleCalculator.OnCallAt(s, At("2026-10-25T00:29Z")).UserId.ShouldBe(2);
        ScheduleCalculator.OnCallAt(s, At("2026-10-25T00:30Z")).UserId.ShouldBe(3);
        ScheduleCalculator.OnCallAt(s, At("2026-10-25T01:30Z")).UserId.ShouldBe(3); // 02:30 CET, the second pass
    }

    [Fact]
    public void LayerShifts_CustomTwentyFourHoursAcrossBerlinSpringForward_DriftsAnHourOnTheWallClock()
    {
        var s = new Schedule(1, "Ops", "Europe/Berlin",
            [new ScheduleLayer("exact", [1, 2], At("2026-03-28T09:00+01:00"), ShiftLength.Of(TimeSpan.FromHours(24)), new TimeOnly(9, 0))]);

        var shifts = ScheduleCalculator.LayerShifts(s, 0, At("2026-03-28T08:00Z"), At("2026-03-30T08:00Z"));

        // Exact durations: the handoff moves from 09:00 CET to 10:00 CEST.
        shifts.ShouldBe([
            new Shift(1, At("2026-03-28T08:00Z"), At("2026-03-29T08:00Z")),
            new Shift(2, At("2026-03-29T08:00Z"), At("2026-03-30T08:00Z")),
        ]);
    }

    [Fact]
    public void OnCallAt_HourlyAcrossBerlinSpringForward_CountsRealHours()
    {
        var s = new Schedule(1, "Ops", "Europe/Berlin",
            [new ScheduleLayer("hourly", [1, 2], At("2026-03-29T00:00+01:00"), ShiftLength.Hours(1), new TimeOnly(0, 0))]);

        // 23:00Z user 1, 00:00Z user 2, 01:00Z (03:00 CEST, two wall-clock hours later) user 1.
        ScheduleCalculator.OnCallAt(s, At("2026-03-29T00:30Z")).UserId.ShouldBe(2);
        ScheduleCalculator.OnCallAt(s, At("2026-03-29T03:00+02:00")).UserId.ShouldBe(1);
    }

    [Fact]
    public void LayerShifts_DailyAcrossNewYorkSpringForward_DayIs23Hours()
    {
        var s = Daily("America/New_York", "2026-03-06T08:00-05:00", new TimeOnly(8, 0), 1, 2, 3);

        var shifts = ScheduleCalculator.LayerShifts(s, 0, At("2026-03-07T13:00Z"), At("2026-03-09T12:00Z"));

        shifts.ShouldBe([
            new Shift(2, At("2026-03-07T13:00Z"), At("2026-03-08T12:00Z")),
            new Shift(3, At("2026-03-08T12:00Z"), At("2026-03-09T12:00Z")),
        ]);
    }

    [Fact]
    public void OnCallAt_NewYorkHandoffInsideTheSkippedHour_HandsOffWhenTheClocksJump()
    {
        // 02:30 does not exist on 8 March; that handoff happens at 03:30 EDT, the instant 02:30 EST would have been (07:30Z).
        var s = Daily("America/New_York", "2026-03-06T02:30-05:00", new TimeOnly(2, 30), 1, 2, 3);

        ScheduleCalculator.OnCallAt(s, At("2026-03-08T07:29Z")).UserId.ShouldBe(2);
        ScheduleCalculator.OnCallAt(s, At("2026-03-08T07:30Z")).UserId.ShouldBe(3);
        ScheduleCalculator.OnCallAt(s, At("2026-03-09T02:29-04:00")).UserId.ShouldBe(3);
        ScheduleCalculator.OnCallAt(s, At("2026-03-09T02:30-04:00")).UserId.ShouldBe(1);
    }

    [Fact]
    public void OnCallAt_NewYorkFallBack_DayIs25Hours()
    {
        var s = Daily("America/New_York", "2026-10-30T08:00-04:00", new TimeOnly(8, 0), 1, 2, 3);

        ScheduleCalculator.OnCallAt(s, At("2026-11-01T07:59-05:00")).UserId.ShouldBe(2);
        ScheduleCalculator.OnCallAt(s, At("2026-11-01T08:00-05:00")).UserId.ShouldBe(3);
        var shifts = ScheduleCalculator.LayerShifts(s, 0, At("2026-10-31T12:00Z"), At("2026-11-01T13:00Z"));
        shifts.ShouldBe([new Shift(2, At("2026-10-31T12:00Z"), At("2026-11-01T13:00Z"))]);
    }

    [Fact]
    public void OnCallAt_NewYorkHandoffInsideTheRepeatedHour_UsesItsFirstOccurrence()
    {
        var s = Daily("America/New_York", "2026-10-30T01:30-04:00", new TimeOnly(1, 30), 1, 2, 3);

        ScheduleCalculator.OnCallAt(s, At("2026-11-01T05:29Z")).UserId.ShouldBe(2);
        ScheduleCalculator.OnCallAt(s, At("2026-11-01T05:30Z")).UserId.ShouldBe(3); // 01:30 EDT
        ScheduleCalculator.OnCallAt(s, At("2026-11-01T06:30Z")).UserId.ShouldBe(3); // 01:30 EST, no second handoff
        ScheduleCalculator.OnCallAt(s, At("2026-11-02T06:29Z")).UserId.ShouldBe(3);
        ScheduleCalculator.OnCallAt(s, At("2026-11-02T06:30Z")).UserId.ShouldBe(1);
    }

    [Fact]
    public void OnCallAt_WeeklyAcrossBerlinSpringForward_KeepsTheLocalHandoff()
    {
        var s = new Schedule(1, "Ops", "Europe/Berlin",
            [new ScheduleLayer("weekly", [1, 2], At("2026-03-23T10:00+01:00"), ShiftLength.Weeks(1), new TimeOnly(10, 0))]);

        ScheduleCalculator.OnCallAt(s, At("2026-03-30T09:59+02:00")).UserId.ShouldBe(1);
        ScheduleCalculator.OnCallAt(s, At("2026-03-30T10:00+02:00")).UserId.ShouldBe(2);
    }

    [Theory]
    [InlineData("America/New_York", "2026-03-01T02:30-05:00", "2026-03-05T00:00Z", "2026-03-12T00:00Z")]
    [InlineData("America/New_York", "2026-10-25T02:30-04:00", "2026-10-29T00:00Z", "2026-11-05T00:00Z")]
    [InlineData("Europe/Berlin", "2026-03-22T02:30+01:00", "2026-03-26T00:00Z", "2026-04-02T00:00Z")]
    [InlineData("Europe/Berlin", "2026-10-18T02:30+02:00", "2026-10-22T00:00Z", "2026-10-29T00:00Z")]
    public void OnCallAt_AroundTransitions_AgreesWithTheWalkedTurns(string zone, string start, string from, string until)
    {
        // A handoff at 02:30 falls inside the skipped or repeated hour; the arithmetic turn must match the walked one.
        var s = Daily(zone, start, new TimeOnly(2, 30), 1, 2, 3);
        var shifts = ScheduleCalculator.LayerShifts(s, 0, At(from), At(until));

        for (var t = At(from); t < At(until); t = t.AddMinutes(5))
        {
            var walked = shifts.Single(x => x.Start <= t && t < x.End).UserId;
            ScheduleCalculator.OnCallAt(s, t).UserId.ShouldBe(walked, $"at {t:O}");
        }
    }
}
