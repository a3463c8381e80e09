using Tocsin.Core.Conditions;
using Tocsin.Core.Conditions.Ast;

namespace Tocsin.Core.Tests.Conditions;

public sealed class ConditionParserTests
{
    private static ConditionExpr Parse(string text)
    {
        var result = ConditionParser.ParseCondition(text);
        result.Error.ShouldBeNull();
        return result.Value!;
    }

    private static ComparisonCondition Cmp(GroupAggregation? group, TimeAggregation time, string metric, ComparisonOp op, double threshold) =>
        new(new MetricQuery(group, time, metric), op, threshold);

    // Every condition written in the IBM seed and the IBM reference (§3, §4, §8).
    public static TheoryData<string, string> SeedConditions => new()
    {
        { "avg(timeAvg(uptime)) <= 0", "avg(timeAvg(uptime)) <= 0" },
        { "min(min(dallas_prod)) = 0", "min(min(dallas_prod)) = 0" },
        { "avg(avg(nginx.net.connections)) > 1000", "avg(avg(nginx.net.connections)) > 1000" },
        { "avg(cpu.used.percent) > 80", "avg(cpu.used.percent) > 80" },
        { "avg(avg(cpu.used.percent)) > 80", "avg(avg(cpu.used.percent)) > 80" },
        { "sum(min(cpu.used.percent)) > 100000", "sum(min(cpu.used.percent)) > 100000" },
        { "timeAvg(container.count) != 10", "timeAvg(container.count) != 10" },
        { "avg(timeAvg(uptime)) <= 0.95", "avg(timeAvg(uptime)) <= 0.95" },
        { "count(customEvent) >= 3", "count(customEvent) >= 3" },
        { "max(timeMax(cpu.used.percent)) > 95", "max(max(cpu.used.percent)) > 95" },
        { "min(min(cpu.used.percent)) <= 30 OR max(max(cpu.used.percent)) >= 60", "min(min(cpu.used.percent)) <= 30 or max(max(cpu.used.percent)) >= 60" },
    };

    [Theory]
    [MemberData(nameof(SeedConditions))]
    public void ParseCondition_SeedExample_ParsesAndPrintsCanonically(string text, string canonical)
    {
        var expr = Parse(text);

        ConditionPrinter.Print(expr).ShouldBe(canonical);
        Parse(canonical).ShouldBe(expr);
    }

    [Fact]
    public void ParseCondition_GroupOverTime_BuildsBothAggregations()
    {
        Parse("avg(timeAvg(uptime)) <= 0").ShouldBe(Cmp(GroupAggregation.Avg, TimeAggregation.TimeAvg, "uptime", ComparisonOp.LessOrEqual, 0));
    }

    [Fact]
    public void ParseCondition_SingleFunction_IsTimeAggregationWithDefaultGroup()
    {
        var c = (ComparisonCondition)Parse("sum(bytes.total) > 1e6");

        c.Query.ShouldBe(new MetricQuery(null, TimeAggregation.Sum, "bytes.total"));
        c.Query.EffectiveGroup.ShouldBe(GroupAggregation.Sum);
        c.Threshold.ShouldBe(1e6);
    }

    [Fact]
    public void ParseCondition_TimeMaxAlias_IsMax()
    {
        Parse("max(timeMax(cpu.used.percent)) > 95").ShouldBe(Cmp(GroupAggregation.Max, TimeAggregation.Max, "cpu.used.percent", ComparisonOp.Greater, 95));
    }

    [Theory]
    [InlineData(">", ComparisonOp.Greater)]
    [InlineData(">=", ComparisonOp.GreaterOrEqual)]
    [InlineData("<", ComparisonOp.Less)]
    [InlineData("<=", ComparisonOp.LessOrEqual)]
    [InlineData("=", ComparisonOp.Equal)]
    [InlineData("==", ComparisonOp.Equal)]
    [InlineData("!=", ComparisonOp.NotEqual)]
    public void ParseCondition_EachOperator_IsRecognised(string op, ComparisonOp expected)
    {
        ((ComparisonCondition)Parse($"avg(x){op}-2.5")).ShouldBe(Cmp(null, TimeAggregation.Avg, "x", expected, -2.5));
    }

    [Fact]
    public void ParseCondition_AndBindsTighterThanOr()
    {
        var a = Cmp(null, TimeAggregation.Avg, "a", ComparisonOp.Greater, 1);
        var b = Cmp(null, TimeAggregation.Avg, "b", ComparisonOp.Greater, 2);
        var c = Cmp(null, TimeAggregation.Avg, "c", ComparisonOp.Greater, 3);

        Parse("avg(a) > 1 or avg(b) > 2 and avg(c) > 3").ShouldBe(new OrCondition(a, new AndCondition(b, c)));
        Parse("(avg(a) > 1 or avg(b) > 2) and not avg(c) > 3").ShouldBe(new AndCondition(new OrCondition(a, b), new NotCondition(c)));
        Parse("NOT (avg(a) > 1 AND avg(b) > 2)").ShouldBe(new NotCondition(new AndCondition(a, b)));
    }

    [Fact]
    public void ParseCondition_KeywordsAndFunctions_AreCaseInsensitive()
    {
        Parse("AVG(TIMEAVG(uptime)) <= 0 And Not max(x) > 1").ShouldBe(Parse("avg(timeAvg(uptime)) <= 0 and not max(x) > 1"));
    }

    [Fact]
    public void ParseCondition_UnknownGroupFunction_ReportsItsPositionAndValidNames()
    {
        var error = ConditionParser.ParseCondition("  median(avg(cpu)) > 1").Error!;

        error.Position.ShouldBe(2);
        error.Message.ShouldContain("median");
        error.Expected.ShouldBe("avg, min, max, sum");
    }

    [Fact]
    public void ParseCondition_UnknownTimeFunction_ReportsItsPosition()
    {
        var error = ConditionParser.ParseCondition("avg(p99(cpu)) > 1").Error!;

        error.Position.ShouldBe(4);
        error.Expected.ShouldBe(Aggregations.TimeNames);
    }

    [Fact]
    public void ParseCondition_UnknownSingleFunction_ReportsItsPosition()
    {
        var error = ConditionParser.ParseCondition("rate(cpu) > 1").Error!;

        error.Position.ShouldBe(0);
        error.Expected.ShouldContain("timeAvg");
    }

    [Theory]
    [InlineData("", 0, "aggregation function")]
    [InlineData("avg(cpu)", 8, "comparison operator")]
    [InlineData("avg(cpu) >", 10, "number")]
    [InlineData("avg(cpu) > 'x'", 11, "number")]
    [InlineData("avg(cpu > 1", 8, "')'")]
    [InlineData("avg(avg(cpu) > 1", 13, "')'")]
    [InlineData("avg(cpu) > 1 and", 16, "aggregation function")]
    [InlineData("avg(cpu) > 1 avg(x) > 2", 13, "'and', 'or' or end of input")]
    [InlineData("(avg(cpu) > 1", 13, "')', 'and' or 'or'")]
    [InlineData("avg() > 1", 4, "metric name")]
    [InlineData("avg(cpu) ! 1", 9, "'!='")]
    [InlineData("avg(cpu) > 1e", 13, "digit")]
    [InlineData("avg(cpu) > 1e999", 11, "finite number")]
    [InlineData("avg(cpu) > 12abc", 13, "digit, operator or whitespace")]
    [InlineData("avg(cpu) # 1", 9, "identifier, number, string, operator or parenthesis")]
    public void ParseCondition_Malformed_ReportsPositionAndExpected(string text, int position, string expected)
    {
        var result = ConditionParser.ParseCondition(text);

        result.Success.ShouldBeFalse();
        result.Error!.Position.ShouldBe(position);
        result.Error.Expected.ShouldStartWith(expected);
    }

    [Fact]
    public void ParseCondition_Null_IsAnError()
    {
        ConditionParser.ParseCondition(null).Error!.Position.ShouldBe(0);
    }

    [Fact]
    public void ParseCondition_DeepNesting_IsRefusedNotOverflowed()
    {
        var text = new string('(', 5_000) + "avg(x) > 1" + new string(')', 5_000);

        var result = ConditionParser.ParseCondition(text);

        result.Error!.Message.ShouldContain("nesting");
    }

    [Fact]
    public void ParseCondition_ModerateNesting_Parses()
    {
        var text = new string('(', 30) + "avg(x) > 1" + new string(')', 30);

        ConditionParser.ParseCondition(text).Success.ShouldBeTrue();
    }

    [Fact]
    public void ParseCondition_HugeInput_IsRefused()
    {
        ConditionParser.ParseCondition(new string(' ', Lexer.MaxInputLength + 1)).Success.ShouldBeFalse();
    }
}
