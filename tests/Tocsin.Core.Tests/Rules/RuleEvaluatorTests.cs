using Tocsin.Core.Conditions.Ast;
using Tocsin.Core.Metrics;
using Tocsin.Core.Rules;
using Tocsin.Testing;

namespace Tocsin.Core.Tests.Rules;

public sealed class RuleEvaluatorTests
{
    private static readonly Guid Tenant = Guid.Parse("aaaaaaaa-0000-0000-0000-000000000001");
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _clock = new();
    private readonly SeriesStore _store = new(new SeriesStoreOptions());
    private IReadOnlyDictionary<string, SegmentState> _states = new Dictionary<string, SegmentState>();

    private static Rule CpuRule(string condition = "max(max(cpu)) > 90") => new()
    {
        Id = 42,
        TenantId = Tenant,
        Name = "cpu",
        Condition = condition,
        Window = Step,
        EvaluationStep = Step,
    };

    private void Push(string metric, double value, params (string, string)[] labels) =>
        _store.TryAppend(Tenant, new MetricSample(metric, labels.ToDictionary(l => l.Item1, l => l.Item2), value, _clock.GetUtcNow()), _clock.GetUtcNow())
            .ShouldBe(AppendResult.Ok);

    /// <summary>Advances one step, pushes the given cpu values for host a (and b), then evaluates.</summary>
    private IReadOnlyList<RuleDecision> Cycle(Rule rule, double? a, double? b = null)
    {
        _clock.Advance(Step);
        if (a is { } va) Push("cpu", va, ("host", "a"));
        if (b is { } vb) Push("cpu", vb, ("host", "b"));
        return Evaluate(rule);
    }

    private IReadOnlyList<RuleDecision> Evaluate(Rule rule)
    {
        var compiled = RuleValidator.Validate(rule).Compiled.ShouldNotBeNull();
        var evaluation = RuleEvaluator.Evaluate(compiled, _store, _states, _clock.GetUtcNow());
        _states = evaluation.States;
        return evaluation.Decisions;
    }

    private SegmentStatus Status(string key = "") => _states.TryGetValue(key, out var s) ? s.Status : SegmentStatus.Ok;

    [Fact]
    public void Evaluate_NoHold_FiresAtOnce()
    {
        var decisions = Cycle(CpuRule(), 95);

        decisions.Single().ShouldBe(new RuleDecision.Fire("", "rule:42:", AlertLevel.Critical, 95));
        Status().ShouldBe(SegmentStatus.Firing);
    }

    [Fact]
    public void Evaluate_BelowThreshold_StaysOk()
    {
        Cycle(CpuRule(), 50).ShouldBeEmpty();
        Status().ShouldBe(SegmentStatus.Ok);
    }

    [Fact]
    public void Flow_Ok_Pending_Firing_Resolved_Ok()
    {
        var rule = CpuRule() with { HoldDuration = TimeSpan.FromSeconds(30) };

        Cycle(rule, 95).ShouldBeEmpty();
        Status().ShouldBe(SegmentStatus.Pending);
        Cycle(rule, 96).ShouldBeEmpty();
        Cycle(rule, 97).ShouldBeEmpty();
        Status().ShouldBe(SegmentStatus.Pending);

        Cycle(rule, 98).Single().ShouldBeOfType<RuleDecision.Fire>().Value.ShouldBe(98);
        Status().ShouldBe(SegmentStatus.Firing);

        Cycle(rule, 99).ShouldBeEmpty();
        Cycle(rule, 10).Single().ShouldBe(new RuleDecision.Resolve("", "rule:42:"));
        Status().ShouldBe(SegmentStatus.Resolved);

        Cycle(rule, 10).ShouldBeEmpty();
        Status().ShouldBe(SegmentStatus.Ok);
    }

    [Fact]
    public void Evaluate_FlapDuringHold_CancelsPendingAndRestartsHold()
    {
        var rule = CpuRule() with { HoldDuration = TimeSpan.FromSeconds(30) };

        Cycle(rule, 95);
        Cycle(rule, 95);
        Cycle(rule, 50).ShouldBeEmpty();
        Status().ShouldBe(SegmentStatus.Ok);

        // The hold starts again from the next breach: three more cycles are not enough, the fourth is.
        Cycle(rule, 95).ShouldBeEmpty();
        Cycle(rule, 95).ShouldBeEmpty();
        Cycle(rule, 95).ShouldBeEmpty();
        Cycle(rule, 95).Single().ShouldBeOfType<RuleDecision.Fire>();
    }

    [Fact]
    public void Evaluate_WarningThenCritical_EscalatesSameAlert()
    {
        var rule = CpuRule() with { Warning = new Threshold(ComparisonOp.Greater, 70) };

        var fire = Cycle(rule, 75).Single().ShouldBeOfType<RuleDecision.Fire>();
        fire.Level.ShouldBe(AlertLevel.Warning);

        var escalate = Cycle(rule, 95).Single().ShouldBeOfType<RuleDecision.Escalate>();
        escalate.NewLevel.ShouldBe(AlertLevel.Critical);
        escalate.DedupKey.ShouldBe(fire.DedupKey);
        _states[""].Level.ShouldBe(AlertLevel.Critical);

        // Back to the warning band: still firing, level kept, no new decision.
        Cycle(rule, 75).ShouldBeEmpty();
        _states[""].Level.ShouldBe(AlertLevel.Critical);
        Cycle(rule, 10).Single().ShouldBeOfType<RuleDecision.Resolve>();
    }

    [Fact]
    public void Evaluate_ExplicitCritical_ReplacesConditionThreshold()
    {
        var rule = CpuRule() with { Critical = new Threshold(ComparisonOp.GreaterOrEqual, 99) };

        Cycle(rule, 95).ShouldBeEmpty();
        Cycle(rule, 99).Single().ShouldBeOfType<RuleDecision.Fire>().Level.ShouldBe(AlertLevel.Critical);
    }

    [Fact]
    public void Evaluate_WarningDuringHold_FiresAtLevelReachedWhenHoldEnds()
    {
        var rule = CpuRule() with { Warning = new Threshold(ComparisonOp.Greater, 70), HoldDuration = TimeSpan.FromSeconds(20) };

        Cycle(rule, 75);
        Cycle(rule, 95);
        Cycle(rule, 95).Single().ShouldBeOfType<RuleDecision.Fire>().Level.ShouldBe(AlertLevel.Critical);
    }

    [Fact]
    public void Evaluate_RenotifyInterval_IsNoDecision_TheFiringStateCarriesOn()
    {
        // Re-notification is a leased due row written with the firing state (RuleRenotifyRunner), not a repeat trigger.
        var rule = CpuRule() with { RenotifyInterval = TimeSpan.FromSeconds(30) };

        Cycle(rule, 95).Single().ShouldBeOfType<RuleDecision.Fire>();
        for (var i = 0; i < 6; i++) Cycle(rule, 95).ShouldBeEmpty();
        Cycle(rule, 10).Single().ShouldBeOfType<RuleDecision.Resolve>();
    }

    [Fact]
    public void Evaluate_NoRenotifyInterval_NotifiesOnce()
    {
        var rule = CpuRule();
        Cycle(rule, 95);

        for (var i = 0; i < 20; i++) Cycle(rule, 95).ShouldBeEmpty();
    }

    [Fact]
    public void Evaluate_AnySegment_FiresOnlyTheHotOne()
    {
        var rule = CpuRule() with { SegmentBy = ["host"] };

        var fire = Cycle(rule, 95, 50).Single().ShouldBeOfType<RuleDecision.Fire>();

        fire.SegmentKey.ShouldBe("host=a");
        fire.DedupKey.ShouldBe("rule:42:host=a");
        Status("host=b").ShouldBe(SegmentStatus.Ok);

        Cycle(rule, 95, 96).Single().SegmentKey.ShouldBe("host=b");
        Cycle(rule, 10, 96).Single().ShouldBe(new RuleDecision.Resolve("host=a", "rule:42:host=a"));
    }

    [Fact]
    public void Evaluate_AllSegments_FiresOnceWhenEveryOneMeets()
    {
        var rule = CpuRule() with { SegmentBy = ["host"], SegmentCondition = SegmentCondition.All };

        Cycle(rule, 95, 50).ShouldBeEmpty();
        var fire = Cycle(rule, 95, 91).Single().ShouldBeOfType<RuleDecision.Fire>();
        fire.SegmentKey.ShouldBe("");
        fire.Value.ShouldBe(95); // the first segment, by key, at the lowest level met

        Cycle(rule, 95, 50).Single().ShouldBeOfType<RuleDecision.Resolve>();
    }

    [Fact]
    public void Evaluate_NoDataOk_ResolvesWhenSeriesFallSilent()
    {
        var rule = CpuRule() with { SegmentBy = ["host"] };
        Cycle(rule, 95);

        Cycle(rule, null).Single().ShouldBe(new RuleDecision.Resolve("host=a", "rule:42:host=a"));
        Cycle(rule, null).ShouldBeEmpty();
        _states.ShouldBeEmpty();
    }

    [Fact]
    public void Evaluate_NoDataAlert_FiresWithoutAnySeries()
    {
        var rule = CpuRule() with { NoData = NoDataBehaviour.Alert };

        var fire = Cycle(rule, null).Single().ShouldBeOfType<RuleDecision.Fire>();

        fire.Level.ShouldBe(AlertLevel.Critical);
        double.IsNaN(fire.Value).ShouldBeTrue();
        Cycle(rule, 10).Single().ShouldBeOfType<RuleDecision.Resolve>();
    }

    [Fact]
    public void Evaluate_NoDataAlert_FiresForSegmentThatFellSilent()
    {
        var rule = CpuRule() with { SegmentBy = ["host"], NoData = NoDataBehaviour.Alert };
        Cycle(rule, 10, 10);

        Cycle(rule, 10, null).Single().SegmentKey.ShouldBe("host=b");
    }

    [Fact]
    public void Evaluate_NoDataKeepLast_KeepsFiring()
    {
        var rule = CpuRule() with { NoData = NoDataBehaviour.KeepLast };
        Cycle(rule, 95);

        Cycle(rule, null).ShouldBeEmpty();
        Cycle(rule, null).ShouldBeEmpty();
        Status().ShouldBe(SegmentStatus.Firing);
        Cycle(rule, 10).Single().ShouldBeOfType<RuleDecision.Resolve>();
    }

    [Fact]
    public void Evaluate_NoDataKeepLast_KeepsOkOk()
    {
        var rule = CpuRule() with { NoData = NoDataBehaviour.KeepLast };
        Cycle(rule, 10);

        Cycle(rule, null).ShouldBeEmpty();
    }

    [Fact]
    public void Evaluate_GroupAggregation_CombinesSeriesOfSegment()
    {
        var rule = CpuRule("avg(avg(cpu)) > 50");

        // Two hosts in one (unsegmented) group: avg(60, 30) = 45, then avg(80, 30) = 55.
        Cycle(rule, 60, 30).ShouldBeEmpty();
        Cycle(rule, 80, 30).Single().ShouldBeOfType<RuleDecision.Fire>().Value.ShouldBe(55);
    }

    [Fact]
    public void Evaluate_TimeAggregation_CoversTheWindow()
    {
        var rule = CpuRule("avg(timeAvg(cpu)) > 50") with { Window = TimeSpan.FromSeconds(30) };

        // timeAvg = sum over the window / 3 steps: 40, 40+40, 40+40+90 = 170/3 ≈ 56.7.
        Cycle(rule, 40).ShouldBeEmpty();
        Cycle(rule, 40).ShouldBeEmpty();
        Cycle(rule, 90).Single().ShouldBeOfType<RuleDecision.Fire>().Value.ShouldBe(170.0 / 3, 1e-9);
    }

    [Fact]
    public void Evaluate_CompoundCondition_UsesEachMetric()
    {
        var rule = CpuRule("max(max(cpu)) > 90 or max(max(mem)) > 90") with { SegmentBy = ["host"] };
        _clock.Advance(Step);
        Push("cpu", 10, ("host", "a"));
        Push("mem", 95, ("host", "a"));
        Push("cpu", 10, ("host", "b"));

        var fire = Evaluate(rule).Single().ShouldBeOfType<RuleDecision.Fire>();

        fire.SegmentKey.ShouldBe("host=a");
    }

    [Fact]
    public void Evaluate_Filter_LimitsSeries()
    {
        var rule = CpuRule() with { Filter = "host != 'a'" };

        Cycle(rule, 95, 50).ShouldBeEmpty();
    }

    [Fact]
    public void Evaluate_SegmentKey_SortsLabelsAndFillsMissing()
    {
        var rule = CpuRule() with { SegmentBy = ["zone", "host"] };
        _clock.Advance(Step);
        Push("cpu", 95, ("host", "a"), ("zone", "eu-1"));
        Push("cpu", 95, ("host", "b"));

        Evaluate(rule).Select(d => d.DedupKey).ShouldBe(["rule:42:host=a,zone=eu-1", "rule:42:host=b,zone="]);
    }

    [Fact]
    public void Evaluate_DisabledRule_ResolvesFiringSegments()
    {
        var rule = CpuRule() with { SegmentBy = ["host"] };
        Cycle(rule, 95, 95);

        var decisions = Cycle(rule with { Enabled = false }, 95, 95);

        decisions.Count.ShouldBe(2);
        decisions.ShouldAllBe(d => d is RuleDecision.Resolve);
        _states.ShouldBeEmpty();
    }

    [Fact]
    public void Evaluate_InAlarm_ReflectsFiringSegments()
    {
        var rule = CpuRule();
        _clock.Advance(Step);
        Push("cpu", 95, ("host", "a"));

        var evaluation = RuleEvaluator.Evaluate(RuleValidator.Validate(rule).Compiled!, _store, _states, _clock.GetUtcNow());

        evaluation.InAlarm.ShouldBeTrue();
        evaluation.States[""].FiringSince.ShouldBe(_clock.GetUtcNow());
    }
}
