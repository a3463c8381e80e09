using Tocsin.Core.Escalation;

namespace Tocsin.Core.Tests.Escalation;

public sealed class EscalationPolicyValidatorTests
{
    private static readonly EscalationPolicy s_valid = new(1, "Default",
        [new EscalationRule([EscalationTarget.User(1)], TimeSpan.FromMinutes(5))]);

    [Fact]
    public void Validate_ValidPolicy_ReturnsNoErrors()
    {
        EscalationPolicyValidator.Validate(s_valid).ShouldBeEmpty();
    }

    [Fact]
    public void Validate_NoRules_NamesRules()
    {
        EscalationPolicyValidator.Validate(s_valid with { Rules = [] }).Select(e => e.Field).ShouldBe(["rules"]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-60)]
    public void Validate_NonPositiveTimeout_NamesTheRuleTimeout(int seconds)
    {
        var policy = s_valid with
        {
            Rules = [s_valid.Rules[0], new EscalationRule([EscalationTarget.Team(2)], TimeSpan.FromSeconds(seconds))],
        };

        EscalationPolicyValidator.Validate(policy).Select(e => e.Field).ShouldBe(["rules[1].timeout"]);
    }

    [Fact]
    public void Validate_RuleWithoutTargets_NamesTheRuleTargets()
    {
        var policy = s_valid with { Rules = [new EscalationRule([], TimeSpan.FromMinutes(5))] };

        EscalationPolicyValidator.Validate(policy).Select(e => e.Field).ShouldBe(["rules[0].targets"]);
    }

    [Fact]
    public void Validate_NegativeRepeatAndDelay_NameBoth()
    {
        var policy = s_valid with { Repeat = -1, InitialDelay = TimeSpan.FromMinutes(-1) };

        EscalationPolicyValidator.Validate(policy).Select(e => e.Field).ShouldBe(["repeat", "initialDelay"]);
    }

    [Fact]
    public void Validate_TargetWithoutId_NamesTheTarget()
    {
        var policy = s_valid with { Rules = [new EscalationRule([EscalationTarget.User(1), EscalationTarget.Schedule(0)], TimeSpan.FromMinutes(5))] };

        EscalationPolicyValidator.Validate(policy).Select(e => e.Field).ShouldBe(["rules[0].targets[1].id"]);
    }
}
