using Tocsin.Core.OnCall;
using static Tocsin.Core.Tests.OnCall.Times;

namespace Tocsin.Core.Tests.OnCall;

public sealed class RotationTests
{
    private static Schedule OneLayer(ScheduleLayer layer, string zone = "Europe/Berlin") => new(1, "Ops", zone, [layer]);

    private static long? UserAt(Schedule schedule, string iso) => ScheduleCalculator.OnCallAt(schedule, At(iso)).UserId;

    [Fact]
    public void OnCallAt_DailyRotation_HandsOffEachDayAndWraps()
    {
        var s = OneLayer(new ScheduleLayer("primary", [1, 2, 3], At("2026-01-05T09:00+01:00"), ShiftLength.Days(1), new TimeOnly(9, 0)));

        UserAt(s, "2026-01-05T09:00+01:00").ShouldBe(1);
        UserAt(s, "2026-01-06T08:00+01:00").ShouldBe(1);
        UserAt(s, "2026-01-06T09:00+01:00").ShouldBe(2);
        UserAt(s, "2026-01-07T12:00+01:00").ShouldBe(3);
        UserAt(s, "2026-01-08T09:00+01:00").ShouldBe(1);
        UserAt(s, "2026-01-05T08:59+01:00").ShouldBeNull(); // before the layer starts
    }

    [Fact]
    public void OnCallAt_AtTheHandoffMinute_SwitchesExactly()
    {
        var s = OneLayer(new ScheduleLayer("primary", [1, 2], At("2026-01-05T09:00+01:00"), ShiftLength.Days(1), new TimeOnly(9, 30)));

        // The start is before the 09:30 handoff, so user 1 holds a 30-minute first turn.
        ScheduleCalculator.OnCallAt(s, At("2026-01-05T09:29:59.999+01:00")).UserId.ShouldBe(1);
        ScheduleCalculator.OnCallAt(s, At("2026-01-05T09:30:00+01:00")).UserId.ShouldBe(2);
        ScheduleCalculator.OnCallAt(s, At("2026-01-06T09:29:59.999+01:00")).UserId.ShouldBe(2);
        ScheduleCalculator.OnCallAt(s, At("2026-01-06T09:30:00+01:00")).UserId.ShouldBe(1);
    }

    [Fact]
    public void OnCallAt_WeeklyRotation_HandsOffOnTheStartWeekday()
    {
        var s = OneLayer(new ScheduleLayer("primary", [10, 20], At("2026-01-05T09:00+01:00"), ShiftLength.Weeks(1), new TimeOnly(9, 0)));

        UserAt(s, "2026-01-11T23:00+01:00").ShouldBe(10);
        UserAt(s, "2026-01-12T08:59+01:00").ShouldBe(10);
        UserAt(s, "2026-01-12T09:00+01:00").ShouldBe(20);
        UserAt(s, "2026-01-19T09:00+01:00").ShouldBe(10);
        UserAt(s, "2027-01-04T09:00+01:00").ShouldBe(10); // 52 weeks later: an even turn
    }

    [Fact]
    public void OnCallAt_FarInTheFuture_ComputesTheTurnArithmetically()
    {
        // 2026-01-05 + 1000 days = 2028-10-01, turn 1000, 1000 mod 3 = 1 → user 2.
        var s = OneLayer(new ScheduleLayer("primary", [1, 2, 3], At("2026-01-05T09:00+01:00"), ShiftLength.Days(1), new TimeOnly(9, 0)));

        UserAt(s, "2028-10-01T09:00+02:00").ShouldBe(2);
        UserAt(s, "2028-10-01T08:59+02:00").ShouldBe(1);
    }

    [Fact]
    public void OnCallAt_HourlyRotation_UsesExactEightHourTurnsFromTheHandoff()
    {
        var s = OneLayer(new ScheduleLayer("follow-the-sun", [1, 2, 3], At("2026-01-05T09:00+01:00"), ShiftLength.Hours(8), new TimeOnly(9, 0)));

        UserAt(s, "2026-01-05T16:59+01:00").ShouldBe(1);
        UserAt(s, "2026-01-05T17:00+01:00").ShouldBe(2);
        UserAt(s, "2026-01-06T01:00+01:00").ShouldBe(3);
        UserAt(s, "2026-01-06T09:00+01:00").ShouldBe(1);
    }

    [Fact]
    public void OnCallAt_CustomRotation_UsesTheExactDuration()
    {
        var s = OneLayer(new ScheduleLayer("custom", [1, 2], At("2026-01-05T00:00Z"), ShiftLength.Of(TimeSpan.FromMinutes(90)), new TimeOnly(0, 0)), "UTC");

        UserAt(s, "2026-01-05T01:29Z").ShouldBe(1);
        UserAt(s, "2026-01-05T01:30Z").ShouldBe(2);
        UserAt(s, "2026-01-05T03:00Z").ShouldBe(1);
    }

    [Fact]
    public void OnCallAt_LayerEnd_IsExclusive()
    {
        var layer = new ScheduleLayer("temp", [1], At("2026-01-05T09:00+01:00"), ShiftLength.Days(1), new TimeOnly(9, 0))
        {
            End = At("2026-01-10T09:00+01:00"),
        };
        var s = OneLayer(layer);

        UserAt(s, "2026-01-10T08:59+01:00").ShouldBe(1);
        UserAt(s, "2026-01-10T09:00+01:00").ShouldBeNull();
    }

    [Fact]
    public void OnCallAt_LayerTimeZone_OverridesTheScheduleZone()
    {
        var layer = new ScheduleLayer("ny", [1, 2], At("2026-01-05T09:00-05:00"), ShiftLength.Days(1), new TimeOnly(9, 0))
        {
            TimeZone = "America/New_York",
        };
        var s = OneLayer(layer, "Europe/Berlin");

        UserAt(s, "2026-01-06T13:59Z").ShouldBe(1);
        UserAt(s, "2026-01-06T14:00Z").ShouldBe(2); // 09:00 in New York
    }
}
