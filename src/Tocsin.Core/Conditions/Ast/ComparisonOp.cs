namespace Tocsin.Core.Conditions.Ast;

public enum ComparisonOp
{
    Greater,
    GreaterOrEqual,
    Less,
    LessOrEqual,
    Equal,
    NotEqual,
}

public static class ComparisonOps
{
    public static bool Holds(this ComparisonOp op, double left, double right) => op switch
    {
        ComparisonOp.Greater => left > right,
        ComparisonOp.GreaterOrEqual => left >= right,
        ComparisonOp.Less => left < right,
        ComparisonOp.LessOrEqual => left <= right,
        ComparisonOp.Equal => left == right,
        ComparisonOp.NotEqual => left != right,
        _ => false,
    };

    /// <summary>The canonical spelling; '=' rather than '==' because that is what IBM/Sysdig store.</summary>
    public static string Symbol(this ComparisonOp op) => op switch
    {
        ComparisonOp.Greater => ">",
        ComparisonOp.GreaterOrEqual => ">=",
        ComparisonOp.Less => "<",
        ComparisonOp.LessOrEqual => "<=",
        ComparisonOp.Equal => "=",
        ComparisonOp.NotEqual => "!=",
        _ => "?",
    };

    public static bool TryParse(string text, out ComparisonOp op)
    {
        switch (text)
        {
            case ">": op = ComparisonOp.Greater; return true;
            case ">=": op = ComparisonOp.GreaterOrEqual; return true;
            case "<": op = ComparisonOp.Less; return true;
            case "<=": op = ComparisonOp.LessOrEqual; return true;
            case "=" or "==": op = ComparisonOp.Equal; return true;
            case "!=": op = ComparisonOp.NotEqual; return true;
            default: op = default; return false;
        }
    }
}
