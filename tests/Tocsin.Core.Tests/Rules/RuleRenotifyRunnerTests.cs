using Tocsin.Core.Rules;

namespace Tocsin.Core.Tests.Rules;

public sealed class RuleRenotifyRunnerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 28, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Every = TimeSpan.FromMinutes(5);

    private static DueRuleRenotify Due(DateTimeOffset at) => new(Guid.Empty, 1, "", 0, at, Every);

    [Fact]
    public void NextDue_OnTime_IsOnePeriodLater()
    {
        RuleRenotifyRunner.NextDue(Due(T0), T0).ShouldBe(T0 + Every);
        RuleRenotifyRunner.NextDue(Due(T0), T0.AddSeconds(10)).ShouldBe(T0 + Every);
    }

    [Fact]
    public void NextDue_AfterDowntime_SkipsMissedPeriods_StaysOnTheGrid()
    {
        // Down for 17 minutes: one re-notification now, the next on the original 5-minute grid, not three in a burst.
        RuleRenotifyRunner.NextDue(Due(T0), T0.AddMinutes(17)).ShouldBe(T0.AddMinutes(20));
        RuleRenotifyRunner.NextDue(Due(T0), T0.AddMinutes(15)).ShouldBe(T0.AddMinutes(20));
    }
}
