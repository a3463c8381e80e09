using Tocsin.Core.Rules;
using Tocsin.Server.Dialects.Twilio;

namespace Tocsin.Server.Tests.Dialects.Twilio;

public sealed class TwilioMappingTests
{
    [Fact]
    public void Sid_RoundTrip_ForManyIds_IsReversibleAnd34Characters()
    {
        var random = new Random(9);
        var ids = new List<long> { 1, 2, 255, 256, int.MaxValue, long.MaxValue, long.MaxValue - 1 };
        for (var i = 0; i < 2000; i++) ids.Add(random.NextInt64(1, long.MaxValue));
        foreach (var id in ids)
        {
            var sid = TwilioSid.ForId(TwilioSid.Rule, id);
            sid.Length.ShouldBe(34);
            sid.ShouldStartWith("QY");
            TwilioSid.TryParseId(sid, TwilioSid.Rule, out var back).ShouldBeTrue();
            back.ShouldBe(id);
            TwilioSid.TryParseId(sid, TwilioSid.Account, out _).ShouldBeFalse();
        }
    }

    [Theory]
    [InlineData("QY")]
    [InlineData("QY0000000000000000000000000000000g")]
    [InlineData("QY100000000000000000000000000000001")]
    [InlineData("QY10000000000000000000000000000001")] // high half not zero: no core id
    [InlineData("QY00000000000000000000000000000000")] // id 0
    [InlineData("qy00000000000000000000000000000001")]
    public void Sid_NotProducedByForId_DoesNotParse(string sid) => TwilioSid.TryParseId(sid, TwilioSid.Rule, out _).ShouldBeFalse();

    [Fact]
    public void Metrics_AreTheSeeds17Ids_EachWithAValidCoreMetricName()
    {
        TwilioMapping.Metrics.Count.ShouldBe(17);
        TwilioMapping.Metrics.Values.Distinct().Count().ShouldBe(17);
        foreach (var name in TwilioMapping.Metrics.Values) Tocsin.Core.Metrics.MetricSample.IsValidName(name).ShouldBeTrue(name);
        TwilioMapping.Metrics["Avg. Speed of Answer (Today)"].ShouldBe("flex.avg_speed_of_answer_today");
    }

    [Theory]
    [InlineData(AlertLevel.Critical, "Critical", true)]
    [InlineData(AlertLevel.Warning, "Critical", false)]
    [InlineData(AlertLevel.Critical, "Warning", true)]
    [InlineData(AlertLevel.Warning, "Warning", true)]
    public void Notifies_LevelAtOrAboveSeverity(AlertLevel level, string severity, bool expected) => TwilioMapping.Notifies(level, severity).ShouldBe(expected);

    [Fact]
    public void NewTtid_LooksLikeTheSeedsExample()
    {
        var ttid = TwilioMapping.NewTtid(DateTimeOffset.FromUnixTimeMilliseconds(1_746_000_000_000), new byte[10]);
        ttid.Length.ShouldBe("flex_notificationconfiguration_01jt2gntpafkt9671avqj50sq8".Length);
        TwilioMapping.IsTtid(ttid).ShouldBeTrue();
        TwilioMapping.IsTtid("flex_notificationconfiguration_01jt2gntpafkt9671avqj50sq8").ShouldBeTrue();
    }

    [Fact]
    public void ToRule_OnlyWarning_MakesCriticalUnreachable()
    {
        var body = new TwilioRuleBody("Waiting (Now)", "TC1", ["WQ00000000000000000000000000000001"],
            [new TwilioThreshold("Warning", "Greater Than", 3)], true, "Warning", 0, null);
        var rule = TwilioMapping.ToRule(body, "w", true, Guid.NewGuid(), 0);
        RuleValidator.Validate(rule).IsValid.ShouldBeTrue();
        rule.Warning!.IsMetBy(4).ShouldBeTrue();
        rule.Critical!.IsMetBy(1e300).ShouldBeFalse();
    }
}
