using Tocsin.Core.Conditions.Ast;
using Tocsin.Core.Rules;

namespace Tocsin.Core.Tests.Rules;

public sealed class RuleValidatorTests
{
    private static readonly Rule Valid = new()
    {
        Id = 1,
        TenantId = Guid.NewGuid(),
        Name = "tomcat cpu > 80% on any host",
        Condition = "avg(cpu.used.percent) > 80",
        Filter = "proc.name = \"tomcat\"",
        SegmentBy = ["host.mac", "proc.name"],
        Window = TimeSpan.FromMinutes(1),
        HoldDuration = TimeSpan.FromMinutes(1),
    };

    private static IReadOnlyList<RuleFieldError> Errors(Rule rule) => RuleValidator.Validate(rule).Errors;

    [Fact]
    public void Validate_SeedRule_Compiles()
    {
        var result = RuleValidator.Validate(Valid);

        result.IsValid.ShouldBeTrue();
        result.Compiled!.SegmentBy.ShouldBe(["host.mac", "proc.name"]);
        result.Compiled.Queries.Single().ShouldBe(new MetricQuery(null, TimeAggregation.Avg, "cpu.used.percent"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Validate_EmptyName_NamesField(string name)
    {
        Errors(Valid with { Name = name }).Single().Field.ShouldBe("name");
    }

    [Fact]
    public void Validate_BadCondition_CarriesPosition()
    {
        var error = Errors(Valid with { Condition = "avg(cpu.used.percent) >> 80" }).Single();

        error.Field.ShouldBe("condition");
        error.Parse!.Position.ShouldBe(23);
        error.Parse.Expected.ShouldBe("number");
    }

    [Fact]
    public void Validate_BadFilter_NamesField()
    {
        Errors(Valid with { Filter = "proc.name ~ 'x'" }).Single().Field.ShouldBe("filter");
    }

    [Theory]
    [InlineData(65)]
    [InlineData(5)]
    public void Validate_WindowNotWholeSteps_NamesWindow(int seconds)
    {
        Errors(Valid with { Window = TimeSpan.FromSeconds(seconds) }).Single().Field.ShouldBe("window");
    }

    [Fact]
    public void Validate_WindowLongerThanADay_NamesWindow()
    {
        Errors(Valid with { Window = TimeSpan.FromDays(2) }).Single().Field.ShouldBe("window");
    }

    [Fact]
    public void Validate_WindowWholeStepsOfOverride_IsValid()
    {
        RuleValidator.Validate(Valid with { EvaluationStep = TimeSpan.FromSeconds(15), Window = TimeSpan.FromSeconds(45) }).IsValid.ShouldBeTrue();
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Validate_NonNumericThreshold_NamesLevel(double value)
    {
        Errors(Valid with { Warning = new Threshold(ComparisonOp.Greater, value) }).Single().Field.ShouldBe("warning");
    }

    [Fact]
    public void Validate_LevelsOnCompoundCondition_AreRefused()
    {
        var rule = Valid with { Condition = "avg(a) > 1 or avg(b) > 2", Critical = new Threshold(ComparisonOp.Greater, 3) };

        Errors(rule).Single().Field.ShouldBe("critical");
    }

    [Fact]
    public void Validate_SeveralProblems_ReportsEach()
    {
        var rule = Valid with { Name = "", Severity = 9, SegmentBy = ["a", "a", ""], RenotifyInterval = TimeSpan.Zero, HoldDuration = TimeSpan.FromSeconds(-1) };

        Errors(rule).Select(e => e.Field).ShouldBe(["name", "holdDuration", "renotifyInterval", "severity", "segmentBy", "segmentBy"], ignoreOrder: true);
    }
}
