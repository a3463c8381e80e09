using Tocsin.Core.OnCall;
using static Tocsin.Core.Tests.OnCall.Times;

namespace Tocsin.Core.Tests.OnCall;

public sealed class SupportHoursTests
{
    private static readonly SupportHours s_berlinOffice = new("Europe/Berlin", RestrictionTests.WeekdaysNineToFive);

    [Theory]
    [InlineData("2026-03-27T08:30Z", true)] // Friday 09:30 CET
    [InlineData("2026-03-30T07:30Z", true)] // Monday 09:30 CEST, after spring-forward
    [InlineData("2026-03-30T06:30Z", false)] // Monday 08:30 CEST, would be 07:30 CET
    [InlineData("2026-03-28T10:00Z", false)] // Saturday
    public void IsWithin_BerlinWeekdays_FollowsLocalTime(string at, bool expected)
    {
        s_berlinOffice.IsWithin(At(at)).ShouldBe(expected);
    }

    [Theory]
    [InlineData(PriorityRule.High, "2026-03-28T10:00Z", RulePriority.High)]
    [InlineData(PriorityRule.Low, "2026-03-30T07:30Z", RulePriority.Low)]
    [InlineData(PriorityRule.HighDuringSupportHours, "2026-03-30T07:30Z", RulePriority.High)]
    [InlineData(PriorityRule.HighDuringSupportHours, "2026-03-30T06:30Z", RulePriority.Low)]
    [InlineData(PriorityRule.LowDuringSupportHours, "2026-03-30T07:30Z", RulePriority.Low)]
    [InlineData(PriorityRule.LowDuringSupportHours, "2026-03-28T10:00Z", RulePriority.High)]
    public void PriorityAt_Rule_DependsOnSupportHours(PriorityRule rule, string at, RulePriority expected)
    {
        rule.PriorityAt(s_berlinOffice, At(at)).ShouldBe(expected);
    }

    [Fact]
    public void PriorityAt_NoSupportHours_TreatsEveryInstantAsOutside()
    {
        PriorityRule.HighDuringSupportHours.PriorityAt(null, At("2026-03-30T07:30Z")).ShouldBe(RulePriority.Low);
        PriorityRule.LowDuringSupportHours.PriorityAt(null, At("2026-03-30T07:30Z")).ShouldBe(RulePriority.High);
    }

    [Fact]
    public void IsWithin_NewYorkAfterSpringForward_UsesEdt()
    {
        var hours = new SupportHours("America/New_York", [TimeWindow.Daily(new TimeOnly(9, 0), new TimeOnly(17, 0))]);

        hours.IsWithin(At("2026-03-09T13:00Z")).ShouldBeTrue(); // 09:00 EDT
        hours.IsWithin(At("2026-03-06T13:00Z")).ShouldBeFalse(); // 08:00 EST
    }

    [Fact]
    public void Validate_UnknownZone_NamesTheField()
    {
        new SupportHours("Nowhere/Land", []).Validate().Select(e => e.Field).ShouldBe(["supportHours.timeZone"]);
    }
}
