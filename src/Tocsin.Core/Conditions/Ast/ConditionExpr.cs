namespace Tocsin.Core.Conditions.Ast;

/// <summary>A metric condition: comparisons of aggregated metrics combined with and/or/not.</summary>
public abstract record ConditionExpr
{
    public override string ToString() => ConditionPrinter.Print(this);
}

/// <summary><c>[group(]time(metric)[)]</c>. <see cref="Group"/> is null when the text left it out.</summary>
public sealed record MetricQuery(GroupAggregation? Group, TimeAggregation Time, string Metric)
{
    public GroupAggregation EffectiveGroup => Group ?? Time.DefaultGroup();
}

public sealed record ComparisonCondition(MetricQuery Query, ComparisonOp Op, double Threshold) : ConditionExpr;

public sealed record AndCondition(ConditionExpr Left, ConditionExpr Right) : ConditionExpr;

public sealed record OrCondition(ConditionExpr Left, ConditionExpr Right) : ConditionExpr;

public sealed record NotCondition(ConditionExpr Operand) : ConditionExpr;
