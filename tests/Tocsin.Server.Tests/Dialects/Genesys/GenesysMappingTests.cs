using Tocsin.Core.Conditions.Ast;
using Tocsin.Core.Rules;
using Tocsin.Server.Dialects.Genesys;

namespace Tocsin.Server.Tests.Dialects.Genesys;

/// <summary>Golden tests of the one Genesys ↔ core mapping table: enum values, condition and filter text, ids.</summary>
public sealed class GenesysMappingTests
{
    private static GenesysRule Rule(string statistic = "max", string numericRange = "gt", string metric = "tAbandon", double value = 30000) => new()
    {
        Name = "r", Dimension = "queueId", DimensionValue = "q1", Metric = metric, MediaType = "voice",
        NumericRange = numericRange, Statistic = statistic, Value = value, Enabled = true,
        NotificationUsers = [new GenesysUser { Id = GenesysMapping.ToGuid(GenesysMapping.UserKind, 7) }], AlertTypes = ["EMAIL", "DEVICE"],
    };

    [Theory]
    [InlineData("gt", ComparisonOp.Greater)]
    [InlineData("gte", ComparisonOp.GreaterOrEqual)]
    [InlineData("lt", ComparisonOp.Less)]
    [InlineData("lte", ComparisonOp.LessOrEqual)]
    [InlineData("eq", ComparisonOp.Equal)]
    [InlineData("ne", ComparisonOp.NotEqual)]
    public void NumericRange_EachValue_MapsToComparisonAndBack(string numericRange, ComparisonOp op)
    {
        GenesysMapping.ToOp(numericRange).ShouldBe(op);
        GenesysMapping.FromOp(op).ShouldBe(numericRange);
    }

    [Theory]
    [InlineData("count", "sum(count(tAnswered)) >= 5")]
    [InlineData("min", "min(min(tAnswered)) >= 5")]
    [InlineData("max", "max(max(tAnswered)) >= 5")]
    [InlineData("ratio", "avg(avg(tAnswered)) >= 5")]
    public void Statistic_EachValue_GoldenConditionText(string statistic, string condition)
    {
        GenesysMapping.TryToRule(Rule(statistic, "gte", "tAnswered", 5), Guid.Empty, 0, out var rule).ShouldBeNull();
        rule.Condition.ShouldBe(condition);
        GenesysMapping.ToShape(rule)!.Statistic.ShouldBe(statistic);
    }

    [Fact]
    public void TryToRule_ReferenceExample_GoldenCoreRule()
    {
        GenesysMapping.TryToRule(Rule(), Guid.Empty, 0, out var rule).ShouldBeNull();
        rule.Condition.ShouldBe("max(max(tAbandon)) > 30000");
        rule.Filter.ShouldBe("queueId = \"q1\" and mediaType = \"voice\"");
        rule.NotifyUserIds.ShouldBe(new long[] { 7 });
        rule.Window.ShouldBe(TimeSpan.FromMinutes(1));
        rule.EvaluationStep.ShouldBe(TimeSpan.FromSeconds(10));
        RuleValidator.Validate(rule).IsValid.ShouldBeTrue();
        GenesysMapping.ToShape(rule).ShouldBe(new GenesysRuleShape("queueId", "q1", "tAbandon", "voice", "gt", "max", 30000, ["EMAIL", "DEVICE"]), new ShapeComparer());
    }

    [Theory]
    [InlineData("metric", "tBogus")]
    [InlineData("statistic", "avg")]
    [InlineData("numericRange", ">")]
    [InlineData("dimension", "teamId")]
    [InlineData("mediaType", "VOICE")]
    public void TryToRule_UnknownEnumValue_InvalidValueNamingFieldAndAllowed(string field, string value)
    {
        var r = field switch
        {
            "metric" => Rule() with { Metric = value },
            "statistic" => Rule() with { Statistic = value },
            "numericRange" => Rule() with { NumericRange = value },
            "dimension" => Rule() with { Dimension = value },
            _ => Rule() with { MediaType = value },
        };
        var fault = GenesysMapping.TryToRule(r, Guid.Empty, 0, out _)!;
        fault.Status.ShouldBe(400);
        fault.Code.ShouldBe("invalid.value");
        fault.Field.ShouldBe(field);
        fault.Message.ShouldContain($"[{value}]");
        fault.Message.ShouldContain("Allowable values are:");
    }

    [Fact]
    public void TryToRule_UnknownAlertType_InvalidValue()
    {
        var fault = GenesysMapping.TryToRule(Rule() with { AlertTypes = ["PAGER"] }, Guid.Empty, 0, out _)!;
        fault.Field.ShouldBe("alertTypes[0]");
        fault.Message.ShouldContain("SMS, DEVICE, EMAIL");
    }

    [Fact]
    public void TryToRule_MissingRequired_BadRequest()
    {
        GenesysMapping.TryToRule(Rule() with { Value = null }, Guid.Empty, 0, out _)!.Code.ShouldBe("bad.request");
        GenesysMapping.TryToRule(Rule() with { Metric = null }, Guid.Empty, 0, out _)!.Field.ShouldBe("metric");
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(4242L)]
    [InlineData(long.MaxValue)]
    public void Guid_RoundTrips_AndKindsDoNotMix(long id)
    {
        var guid = GenesysMapping.ToGuid(GenesysMapping.RuleKind, id);
        Guid.TryParse(guid, out _).ShouldBeTrue();
        GenesysMapping.FromGuid(GenesysMapping.RuleKind, guid).ShouldBe(id);
        GenesysMapping.FromGuid(GenesysMapping.RuleKind, guid.ToUpperInvariant()).ShouldBe(id);
        GenesysMapping.FromGuid(GenesysMapping.AlertKind, guid).ShouldBeNull();
        GenesysMapping.FromGuid(GenesysMapping.RuleKind, "not-a-guid").ShouldBeNull();
    }

    [Fact]
    public void ToGuid_Golden() => GenesysMapping.ToGuid(GenesysMapping.AlertKind, 255).ShouldBe("616c7274-0000-4000-0000-0000000000ff");

    [Fact]
    public void ToShape_NativeRuleWithOtherCondition_IsNotAGenesysRule() =>
        GenesysMapping.ToShape(new Tocsin.Core.Rules.Rule { Name = "cpu", Condition = "max(timeMax(cpu)) > 90" }).ShouldBeNull();

    [Fact]
    public void TryParseExpand_CommaJoinedOrRepeated_UnknownIsInvalid()
    {
        GenesysMapping.TryParseExpand(["notificationUsers"], out var a).ShouldBeNull();
        a.ShouldBeTrue();
        GenesysMapping.TryParseExpand(["notificationUsers,notificationUsers"], out _).ShouldBeNull();
        GenesysMapping.TryParseExpand([], out var none).ShouldBeNull();
        none.ShouldBeFalse();
        GenesysMapping.TryParseExpand(["notificationUsers,division"], out _)!.Field.ShouldBe("expand");
    }

    [Fact]
    public void Date_UtcWithMillisecondsAndZ() =>
        GenesysMapping.Date(new DateTimeOffset(2024, 5, 1, 12, 15, 0, 7, TimeSpan.FromHours(2))).ShouldBe("2024-05-01T10:15:00.007Z");

    private sealed class ShapeComparer : IEqualityComparer<GenesysRuleShape>
    {
        public bool Equals(GenesysRuleShape? x, GenesysRuleShape? y) =>
            x is not null && y is not null && x with { AlertTypes = [] } == y with { AlertTypes = [] } && x.AlertTypes.SequenceEqual(y.AlertTypes);

        public int GetHashCode(GenesysRuleShape obj) => 0;
    }
}
