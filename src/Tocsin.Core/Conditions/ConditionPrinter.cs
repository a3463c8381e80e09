using System.Globalization;
using System.Text;
using Tocsin.Core.Conditions.Ast;

namespace Tocsin.Core.Conditions;

/// <summary>
/// Prints an AST back to canonical text that parses to an equal AST: lower-case keywords, '=' for
/// equality, double-quoted values, and parentheses exactly where precedence or grouping needs them.
/// </summary>
public static class ConditionPrinter
{
    public static string Print(ConditionExpr expr)
    {
        var sb = new StringBuilder();
        Write(sb, expr);
        return sb.ToString();
    }

    public static string Print(FilterExpr expr)
    {
        var sb = new StringBuilder();
        Write(sb, expr);
        return sb.ToString();
    }

    public static string Print(MetricQuery query) =>
        query.Group is { } g ? $"{g.Name()}({query.Time.Name()}({query.Metric}))" : $"{query.Time.Name()}({query.Metric})";

    public static string FormatNumber(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    // Precedence: or = 1, and = 2, not/atoms = 3. Binary operators are left-associative, so a right
    // operand of equal precedence needs parentheses to keep its grouping.
    private static int Precedence(ConditionExpr e) => e switch { OrCondition => 1, AndCondition => 2, _ => 3 };

    private static int Precedence(FilterExpr e) => e switch { OrFilter => 1, AndFilter => 2, _ => 3 };

    private static void Write(StringBuilder sb, ConditionExpr expr)
    {
        switch (expr)
        {
            case ComparisonCondition c:
                sb.Append(Print(c.Query)).Append(' ').Append(c.Op.Symbol()).Append(' ').Append(FormatNumber(c.Threshold));
                break;
            case AndCondition a:
                Binary(sb, a.Left, "and", a.Right, 2);
                break;
            case OrCondition o:
                Binary(sb, o.Left, "or", o.Right, 1);
                break;
            case NotCondition n:
                sb.Append("not ");
                Operand(sb, n.Operand, Precedence(n.Operand) < 3);
                break;
        }
    }

    private static void Binary(StringBuilder sb, ConditionExpr left, string op, ConditionExpr right, int precedence)
    {
        Operand(sb, left, Precedence(left) < precedence);
        sb.Append(' ').Append(op).Append(' ');
        Operand(sb, right, Precedence(right) <= precedence);
    }

    private static void Operand(StringBuilder sb, ConditionExpr e, bool parenthesise)
    {
        if (parenthesise) sb.Append('(');
        Write(sb, e);
        if (parenthesise) sb.Append(')');
    }

    private static void Write(StringBuilder sb, FilterExpr expr)
    {
        switch (expr)
        {
            case MatchAllFilter:
                break;
            case LabelFilter l:
                sb.Append(l.Label).Append(l.Match switch
                {
                    LabelMatch.Equal => " = ",
                    LabelMatch.NotEqual => " != ",
                    LabelMatch.Contains => " contains ",
                    LabelMatch.NotContains => " does not contain ",
                    LabelMatch.StartsWith => " starts with ",
                    _ => " ? ",
                });
                Quote(sb, l.Value);
                break;
            case InFilter i:
                sb.Append(i.Label).Append(i.Negated ? " not in (" : " in (");
                for (var k = 0; k < i.Values.Count; k++)
                {
                    if (k > 0) sb.Append(", ");
                    Quote(sb, i.Values[k]);
                }
                sb.Append(')');
                break;
            case AndFilter a:
                Binary(sb, a.Left, "and", a.Right, 2);
                break;
            case OrFilter o:
                Binary(sb, o.Left, "or", o.Right, 1);
                break;
            case NotFilter n:
                sb.Append("not ");
                Operand(sb, n.Operand, Precedence(n.Operand) < 3);
                break;
        }
    }

    private static void Binary(StringBuilder sb, FilterExpr left, string op, FilterExpr right, int precedence)
    {
        Operand(sb, left, Precedence(left) < precedence);
        sb.Append(' ').Append(op).Append(' ');
        Operand(sb, right, Precedence(right) <= precedence);
    }

    private static void Operand(StringBuilder sb, FilterExpr e, bool parenthesise)
    {
        if (parenthesise) sb.Append('(');
        Write(sb, e);
        if (parenthesise) sb.Append(')');
    }

    private static void Quote(StringBuilder sb, string value)
    {
        sb.Append('"');
        foreach (var c in value)
        {
            if (c is '"' or '\\') sb.Append('\\');
            sb.Append(c);
        }
        sb.Append('"');
    }
}
