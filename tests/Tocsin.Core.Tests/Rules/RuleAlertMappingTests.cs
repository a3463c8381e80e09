using Tocsin.Core.Alerts;
using Tocsin.Core.Conditions.Ast;
using Tocsin.Core.Rules;

namespace Tocsin.Core.Tests.Rules;

public sealed class RuleAlertMappingTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 28, 12, 0, 0, TimeSpan.Zero);

    private static CompiledRule Compile(Rule rule) => RuleValidator.Validate(rule).Compiled!;

    [Fact]
    public void SegmentLabels_ValuesWithCommasAndEquals_RoundTrip()
    {
        var labels = new Dictionary<string, string> { ["host"] = "a,b=c", ["zone"] = "eu,1" };
        var key = RuleEvaluator.SegmentKey(labels, ["host", "zone"]);
        RuleAlertMapping.SegmentLabels(key, ["host", "zone"]).ShouldBe(labels);
    }

    [Fact]
    public void ToEvent_Fire_IsCriticalTriggerWithSegmentLabelsAndRuleId()
    {
        var compiled = Compile(new Rule { Id = 7, Name = "CPU", Condition = "max(timeMax(cpu)) > 90", SegmentBy = ["host"], Severity = 2 });
        var e = RuleAlertMapping.ToEvent(compiled, new RuleDecision.Fire("host=a", "rule:7:host=a", AlertLevel.Critical, 95), Now);
        e.Action.ShouldBe(EventAction.Trigger);
        e.DedupKey.ShouldBe("rule:7:host=a");
        e.Alert!.Title.ShouldBe("CPU (host=a)");
        e.Alert.Priority.ShouldBe(Priority.Critical);
        e.Alert.PriorityGiven.ShouldBeTrue();
        e.Alert.Severity.ShouldBe(2);
        e.Alert.Source.ShouldBe("rules");
        e.Alert.Labels!["host"].ShouldBe("a");
        e.Alert.Labels["rule_id"].ShouldBe("7");
    }

    [Fact]
    public void ToEvent_WarningFire_IsMediumAndNeverMoreSevereThanMedium()
    {
        var compiled = Compile(new Rule { Id = 1, Name = "disk", Condition = "max(timeMax(disk)) > 95", Warning = new Threshold(ComparisonOp.Greater, 80), Severity = 1 });
        var e = RuleAlertMapping.ToEvent(compiled, new RuleDecision.Fire("", "rule:1:", AlertLevel.Warning, 85), Now);
        e.Alert!.Priority.ShouldBe(Priority.Medium);
        e.Alert.Severity.ShouldBe(4);
        e.Alert.Title.ShouldBe("disk");
    }

    [Fact]
    public void ToEvent_Resolve_ResolvesByDedupKey()
    {
        var compiled = Compile(new Rule { Id = 1, Name = "r", Condition = "max(timeMax(x)) > 1" });
        var e = RuleAlertMapping.ToEvent(compiled, new RuleDecision.Resolve("", "rule:1:"), Now);
        e.Action.ShouldBe(EventAction.Resolve);
        e.DedupKey.ShouldBe("rule:1:");
        e.Alert.ShouldBeNull();
    }
}
