using FsCheck;
using FsCheck.Fluent;
using Tocsin.Core.Conditions;
using Tocsin.Core.Conditions.Ast;

namespace Tocsin.Core.Tests.Conditions;

/// <summary>Round-trip and never-throws properties (the style study's FuzzParse, with FsCheck).</summary>
public sealed class ConditionPropertyTests
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(1000).WithReplay(12345, 67891);

    private static readonly Gen<string> Names = Gen.Elements("cpu.used.percent", "uptime", "a", "net:bytes_in", "x_1", "k8s.pod-restart/count");

    private static readonly Gen<string> Values = Gen.Elements("", "prod", "it's", "a \"quoted\" \\ value", "with space", "ünï");

    private static readonly Gen<double> Numbers = Gen.Elements(0.0, -1.0, 95.0, 0.1, 1e-7, 123456789.125, -2.5e10, double.MaxValue, double.Epsilon);

    private static Gen<ConditionExpr> Condition(int size)
    {
        var leaf =
            from g in Gen.Elements<GroupAggregation?>(null, GroupAggregation.Avg, GroupAggregation.Min, GroupAggregation.Max, GroupAggregation.Sum)
            from t in Gen.Elements(Enum.GetValues<TimeAggregation>())
            from m in Names
            from op in Gen.Elements(Enum.GetValues<ComparisonOp>())
            from n in Numbers
            select (ConditionExpr)new ComparisonCondition(new MetricQuery(g, t, m), op, n);
        if (size <= 0) return leaf;
        var sub = Condition(size / 2);
        return Gen.Frequency(
            (3, leaf),
            (2, from l in sub from r in sub select (ConditionExpr)new AndCondition(l, r)),
            (2, from l in sub from r in sub select (ConditionExpr)new OrCondition(l, r)),
            (1, from o in sub select (ConditionExpr)new NotCondition(o)));
    }

    private static Gen<FilterExpr> Filter(int size)
    {
        var label =
            from l in Names
            from m in Gen.Elements(Enum.GetValues<LabelMatch>())
            from v in Values
            select (FilterExpr)new LabelFilter(l, m, v);
        var list =
            from l in Names
            from vs in Gen.NonEmptyListOf(Values)
            from neg in Gen.Elements(true, false)
            select (FilterExpr)new InFilter(l, vs.ToList(), neg);
        var leaf = Gen.OneOf(label, list);
        if (size <= 0) return leaf;
        var sub = Filter(size / 2);
        return Gen.Frequency(
            (3, leaf),
            (2, from l in sub from r in sub select (FilterExpr)new AndFilter(l, r)),
            (2, from l in sub from r in sub select (FilterExpr)new OrFilter(l, r)),
            (1, from o in sub select (FilterExpr)new NotFilter(o)));
    }

    [Fact]
    public void PrintThenParse_AnyCondition_YieldsEqualAst()
    {
        Check.One(Runs, Prop.ForAll(Gen.Sized(Condition).ToArbitrary(), expr =>
        {
            var parsed = ConditionParser.ParseCondition(ConditionPrinter.Print(expr));
            return parsed.Success && parsed.Value.Equals(expr);
        }));
    }

    [Fact]
    public void PrintThenParse_AnyFilter_YieldsEqualAst()
    {
        Check.One(Runs, Prop.ForAll(Gen.Sized(Filter).ToArbitrary(), expr =>
        {
            var parsed = ConditionParser.ParseFilter(ConditionPrinter.Print(expr));
            return parsed.Success && parsed.Value.Equals(expr);
        }));
    }

    [Fact]
    public void Parse_ArbitraryString_NeverThrows()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(5000), Prop.ForAll(ArbMap.Default.ArbFor<string>(), text =>
        {
            var condition = ConditionParser.ParseCondition(text);
            var filter = ConditionParser.ParseFilter(text);
            return ErrorIsWellFormed(condition.Error, text) && ErrorIsWellFormed(filter.Error, text);
        }));
    }

    // Random characters rarely get past the lexer; shuffled language fragments reach the parser's corners.
    private static readonly Gen<string> Soup =
        Gen.ListOf(Gen.Elements("avg", "timeAvg", "max(", "min", "count", "(", ")", "(", "[", "]", ",", " and ", " or ", " not ",
                "in", "not in", "contains", "starts", "with", "does", "is", ">", ">=", "<", "<=", "=", "==", "!=", "!", "'a'", "\"b",
                "1", "-2.5", "1e", "1e400", "cpu.used", "env", " ", "\\", "'", "\"", "#", "ü"))
            .Select(parts => string.Concat(parts));

    [Fact]
    public void Parse_FragmentSoup_NeverThrows()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(10000), Prop.ForAll(Soup.ToArbitrary(), text =>
        {
            var condition = ConditionParser.ParseCondition(text);
            var filter = ConditionParser.ParseFilter(text);
            return ErrorIsWellFormed(condition.Error, text) && ErrorIsWellFormed(filter.Error, text);
        }));
    }

    [Fact]
    public void Parse_ParsedSoup_RoundTrips()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(10000), Prop.ForAll(Soup.ToArbitrary(), text =>
        {
            var condition = ConditionParser.ParseCondition(text);
            var filter = ConditionParser.ParseFilter(text);
            return (!condition.Success || ConditionParser.ParseCondition(ConditionPrinter.Print(condition.Value)).Value!.Equals(condition.Value))
                && (!filter.Success || ConditionParser.ParseFilter(ConditionPrinter.Print(filter.Value)).Value!.Equals(filter.Value));
        }));
    }

    private static bool ErrorIsWellFormed(ConditionError? error, string? text) =>
        error is null || (error.Position >= 0 && error.Position <= Math.Max(text?.Length ?? 0, Lexer.MaxInputLength)
            && !string.IsNullOrEmpty(error.Expected) && !string.IsNullOrEmpty(error.Message));
}
