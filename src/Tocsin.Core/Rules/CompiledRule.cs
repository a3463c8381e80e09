using Tocsin.Core.Conditions.Ast;

namespace Tocsin.Core.Rules;

/// <summary>A validated rule with its condition and filter parsed once, ready for every evaluation cycle.</summary>
public sealed class CompiledRule
{
    internal CompiledRule(Rule rule, ConditionExpr condition, FilterExpr filter)
    {
        Rule = rule;
        Condition = condition;
        Filter = filter;
        SegmentBy = [.. rule.SegmentBy.Order(StringComparer.Ordinal)];
        var queries = new List<MetricQuery>();
        Collect(condition, queries);
        Queries = queries;
        Single = condition as ComparisonCondition;
    }

    /// <summary>An anomaly rule (<see cref="RuleKind.Baseline"/>, <see cref="RuleKind.HostComparison"/>): one query per monitored metric, no condition.</summary>
    internal CompiledRule(Rule rule, IReadOnlyList<MetricQuery> monitored, FilterExpr filter)
    {
        Rule = rule;
        Filter = filter;
        SegmentBy = [.. rule.SegmentBy.Order(StringComparer.Ordinal)];
        Queries = monitored;
    }

    public Rule Rule { get; }

    /// <summary>Null for anomaly rules, which compare against statistics rather than a written condition.</summary>
    public ConditionExpr? Condition { get; }

    public FilterExpr Filter { get; }

    /// <summary>SegmentBy sorted ordinally: the order of pairs in a segment key.</summary>
    public IReadOnlyList<string> SegmentBy { get; }

    /// <summary>Distinct metric queries of the condition, in order of first appearance.</summary>
    public IReadOnlyList<MetricQuery> Queries { get; }

    /// <summary>The condition when it is one comparison, the only form that takes explicit levels.</summary>
    internal ComparisonCondition? Single { get; }

    private static void Collect(ConditionExpr e, List<MetricQuery> into)
    {
        switch (e)
        {
            case ComparisonCondition c:
                if (!into.Contains(c.Query)) into.Add(c.Query);
                break;
            case AndCondition a:
                Collect(a.Left, into);
                Collect(a.Right, into);
                break;
            case OrCondition o:
                Collect(o.Left, into);
                Collect(o.Right, into);
                break;
            case NotCondition n:
                Collect(n.Operand, into);
                break;
        }
    }
}
