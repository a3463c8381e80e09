using Tocsin.Core.Conditions;
using Tocsin.Core.Conditions.Ast;

namespace Tocsin.Core.Rules;

public sealed record Threshold(ComparisonOp Op, double Value)
{
    /// <summary>NaN (no data) never meets a threshold, whatever the operator.</summary>
    public bool IsMetBy(double value) => !double.IsNaN(value) && Op.Holds(value, Value);

    public override string ToString() => $"{Op.Symbol()} {ConditionPrinter.FormatNumber(Value)}";
}
