using Tocsin.Core.Rules;

namespace Tocsin.Core.Tests.Rules;

public sealed class RuleRetentionTests
{
    private static Rule R(int windowMinutes, int holdMinutes = 0, bool enabled = true) => new()
    {
        Name = "r", Condition = "avg(timeAvg(x)) > 1", Window = TimeSpan.FromMinutes(windowMinutes),
        HoldDuration = TimeSpan.FromMinutes(holdMinutes), Enabled = enabled,
    };

    [Fact]
    public void Required_IsLongestWindowPlusHoldOfEnabledRules_PlusMargin()
    {
        RuleRetention.Required([R(10), R(60, holdMinutes: 30), R(600, enabled: false)])
            .ShouldBe(TimeSpan.FromMinutes(90) + RuleRetention.Margin);
    }

    [Fact]
    public void Required_NoEnabledRule_IsZero()
    {
        RuleRetention.Required([R(600, enabled: false)]).ShouldBe(TimeSpan.Zero);
        RuleRetention.Required([]).ShouldBe(TimeSpan.Zero);
    }
}
