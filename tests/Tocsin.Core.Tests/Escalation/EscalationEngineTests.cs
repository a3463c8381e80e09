using Tocsin.Core.Escalation;
using Tocsin.Testing;
using static Tocsin.Core.Escalation.EscalationDecision;

namespace Tocsin.Core.Tests.Escalation;

public sealed class EscalationEngineTests
{
    private static readonly EscalationTarget s_first = EscalationTarget.User(1);
    private static readonly EscalationTarget s_second = EscalationTarget.Schedule(20);
    private static readonly EscalationTarget s_third = EscalationTarget.Team(30);

    // Three rules (5, 10 and 15 minutes), the whole policy run twice, after a one-minute delay.
    private static readonly EscalationPolicy s_policy = new(1, "Default",
    [
        new EscalationRule([s_first], TimeSpan.FromMinutes(5)),
        new EscalationRule([s_second], TimeSpan.FromMinutes(10)),
        new EscalationRule([s_third], TimeSpan.FromMinutes(15)),
    ])
    {
        Repeat = 1,
        InitialDelay = TimeSpan.FromMinutes(1),
    };

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 28, 12, 0, 0, TimeSpan.Zero));
    private DateTimeOffset T0 { get; } = new(2026, 3, 28, 12, 0, 0, TimeSpan.Zero);

    // Records compare lists by reference, so a notify decision is checked field by field.
    private static void ShouldBeNotify(EscalationDecision decision, int rule, int round, EscalationTarget[] targets, DateTimeOffset next)
    {
        var notify = decision.ShouldBeOfType<Notify>();
        (notify.RuleIndex, notify.RepeatRound, notify.NextDueAt).ShouldBe((rule, round, next));
        notify.Targets.ShouldBe(targets);
    }

    private EscalationStep Due(EscalationState state, EscalationAlertState alert = EscalationAlertState.Open) =>
        EscalationEngine.OnDue(state, alert, _clock.GetUtcNow());

    /// <summary>Advances the fake clock to the state's due time and runs the step, as the worker would.</summary>
    private EscalationStep RunWhenDue(EscalationState state, EscalationAlertState alert = EscalationAlertState.Open)
    {
        _clock.SetUtcNow(state.NextDueAt!.Value);
        return Due(state, alert);
    }

    [Fact]
    public void Start_WithInitialDelay_FirstStepDueAfterTheDelay()
    {
        var (state, decision) = EscalationEngine.Start(s_policy, T0);

        decision.ShouldBe(new Wait(T0.AddMinutes(1)));
        state.ShouldBe(new EscalationState(s_policy, 0, 0, T0.AddMinutes(1), Stopped: false));
    }

    [Fact]
    public void Flow_ThreeRulesWithARepeat_PagesEachRuleTwiceThenDrops()
    {
        var (state, _) = EscalationEngine.Start(s_policy, T0);
        var pages = new List<(int Rule, int Round, DateTimeOffset At, DateTimeOffset Next)>();
        EscalationDecision decision;
        while (true)
        {
            (state, decision) = RunWhenDue(state);
            if (decision is not Notify n) break;
            pages.Add((n.RuleIndex, n.RepeatRound, _clock.GetUtcNow(), n.NextDueAt));
            n.Targets.ShouldBe(s_policy.Rules[n.RuleIndex].Targets);
        }

        pages.ShouldBe([
            (0, 0, T0.AddMinutes(1), T0.AddMinutes(6)),
            (1, 0, T0.AddMinutes(6), T0.AddMinutes(16)),
            (2, 0, T0.AddMinutes(16), T0.AddMinutes(31)),
            (0, 1, T0.AddMinutes(31), T0.AddMinutes(36)),
            (1, 1, T0.AddMinutes(36), T0.AddMinutes(46)),
            (2, 1, T0.AddMinutes(46), T0.AddMinutes(61)),
        ]);
        decision.ShouldBeOfType<Drop>();
        _clock.GetUtcNow().ShouldBe(T0.AddMinutes(61));
        state.Stopped.ShouldBeTrue();
        state.NextDueAt.ShouldBeNull();
    }

    [Fact]
    public void OnDue_BeforeDueTime_Waits()
    {
        var (state, _) = EscalationEngine.Start(s_policy, T0);

        var step = EscalationEngine.OnDue(state, EscalationAlertState.Open, T0.AddSeconds(59));

        step.Decision.ShouldBe(new Wait(T0.AddMinutes(1)));
        step.State.ShouldBe(state);
    }

    [Fact]
    public void Flow_AcknowledgedAfterSecondRule_PagesNobodyMore()
    {
        var (state, _) = EscalationEngine.Start(s_policy, T0);
        (state, _) = RunWhenDue(state); // rule 0
        (state, _) = RunWhenDue(state); // rule 1 at T0+6m
        _clock.Advance(TimeSpan.FromMinutes(2));

        state = EscalationEngine.OnAcknowledge(state);
        _clock.Advance(TimeSpan.FromHours(1));
        var step = Due(state, EscalationAlertState.Acknowledged);

        state.Stopped.ShouldBeTrue();
        state.NextDueAt.ShouldBeNull();
        step.Decision.ShouldBeOfType<Skip>();
    }

    [Fact]
    public void OnReject_AfterFirstRule_PagesTheNextRuleImmediately()
    {
        var (state, _) = EscalationEngine.Start(s_policy, T0);
        (state, _) = RunWhenDue(state); // rule 0 at T0+1m, next due T0+6m
        _clock.Advance(TimeSpan.FromMinutes(1));

        var (rejected, decision) = EscalationEngine.OnReject(state, _clock.GetUtcNow());

        ShouldBeNotify(decision, 1, 0, [s_second], T0.AddMinutes(12));
        rejected.RuleIndex.ShouldBe(2);
        rejected.NextDueAt.ShouldBe(T0.AddMinutes(12));
    }

    [Fact]
    public void OnReject_ByTheLastRuleOfTheLastRound_Drops()
    {
        var policy = s_policy with { Repeat = 0 };
        var (state, _) = EscalationEngine.Start(policy, T0);
        for (var i = 0; i < 3; i++) (state, _) = RunWhenDue(state);

        var step = EscalationEngine.OnReject(state, _clock.GetUtcNow());

        step.Decision.ShouldBeOfType<Drop>();
        step.State.Stopped.ShouldBeTrue();
    }

    [Fact]
    public void OnUnacknowledge_AfterAck_RepagesTheCurrentRuleAndContinues()
    {
        var (state, _) = EscalationEngine.Start(s_policy, T0);
        (state, _) = RunWhenDue(state); // rule 0 at T0+1m
        (state, _) = RunWhenDue(state); // rule 1 at T0+6m
        _clock.Advance(TimeSpan.FromMinutes(2));
        state = EscalationEngine.OnAcknowledge(state);
        _clock.SetUtcNow(T0.AddMinutes(20));

        var (resumed, decision) = EscalationEngine.OnUnacknowledge(state, _clock.GetUtcNow());

        ShouldBeNotify(decision, 1, 0, [s_second], T0.AddMinutes(30));
        var (_, next) = RunWhenDue(resumed);
        ShouldBeNotify(next, 2, 0, [s_third], T0.AddMinutes(45));
    }

    [Fact]
    public void OnUnacknowledge_AfterAckAtRoundBoundary_RepagesTheLastRuleOfThePreviousRound()
    {
        var (state, _) = EscalationEngine.Start(s_policy, T0);
        for (var i = 0; i < 3; i++) (state, _) = RunWhenDue(state); // round 0 complete; next is rule 0 round 1
        state = EscalationEngine.OnAcknowledge(state);

        var (_, decision) = EscalationEngine.OnUnacknowledge(state, T0.AddMinutes(20));

        ShouldBeNotify(decision, 2, 0, [s_third], T0.AddMinutes(35));
    }

    [Fact]
    public void OnUnacknowledge_AckedDuringInitialDelay_StartsAtTheFirstRule()
    {
        var (state, _) = EscalationEngine.Start(s_policy, T0);
        state = EscalationEngine.OnAcknowledge(state);

        var (_, decision) = EscalationEngine.OnUnacknowledge(state, T0.AddMinutes(3));

        ShouldBeNotify(decision, 0, 0, [s_first], T0.AddMinutes(8));
    }

    [Theory]
    [InlineData(EscalationAlertState.Acknowledged)]
    [InlineData(EscalationAlertState.Closed)]
    public void OnDue_StaleStepAfterDowntime_AlertNoLongerOpen_PagesNobody(EscalationAlertState alert)
    {
        var (state, _) = EscalationEngine.Start(s_policy, T0);
        (state, _) = RunWhenDue(state); // rule 0, rule 1 due at T0+6m
        _clock.SetUtcNow(T0.AddHours(3)); // the server was down

        var (after, decision) = Due(state, alert);

        decision.ShouldBeOfType<Skip>();
        after.Stopped.ShouldBeTrue();
        after.NextDueAt.ShouldBeNull();
    }

    [Fact]
    public void OnDue_StaleStepAfterDowntime_StillOpen_PagesOnceAndRestartsTheTimeout()
    {
        var (state, _) = EscalationEngine.Start(s_policy, T0);
        (state, _) = RunWhenDue(state); // rule 1 was due at T0+6m
        _clock.SetUtcNow(T0.AddHours(3));

        var (after, decision) = Due(state);
        var again = Due(after);

        // One page for the overdue step, and the next one a full timeout later — not a burst of every missed step.
        ShouldBeNotify(decision, 1, 0, [s_second], T0.AddHours(3).AddMinutes(10));
        again.Decision.ShouldBe(new Wait(T0.AddHours(3).AddMinutes(10)));
    }

    [Fact]
    public void OnDue_AfterStop_Skips()
    {
        var (state, _) = EscalationEngine.Start(s_policy, T0);
        state = EscalationEngine.OnAcknowledge(state);

        EscalationEngine.OnDue(state, EscalationAlertState.Open, T0.AddHours(1)).Decision.ShouldBeOfType<Skip>();
    }

    [Fact]
    public void Start_NoInitialDelay_FirstStepDueNow()
    {
        var (state, decision) = EscalationEngine.Start(s_policy with { InitialDelay = TimeSpan.Zero }, T0);

        decision.ShouldBe(new Wait(T0));
        ShouldBeNotify(EscalationEngine.OnDue(state, EscalationAlertState.Open, T0).Decision, 0, 0, [s_first], T0.AddMinutes(5));
    }
}
