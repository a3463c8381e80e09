namespace Tocsin.Core.Conditions.Ast;

/// <summary>
/// A scope filter over series labels. A label the series does not carry reads as the empty string
/// (as in Prometheus), so <c>x != 'a'</c> matches series without <c>x</c>.
/// </summary>
public abstract record FilterExpr
{
    public abstract bool Matches(IReadOnlyDictionary<string, string> labels);

    public override string ToString() => ConditionPrinter.Print(this);

    protected static string Read(IReadOnlyDictionary<string, string> labels, string label) =>
        labels.TryGetValue(label, out var value) ? value : "";
}

/// <summary>The empty filter: the whole infrastructure is in scope.</summary>
public sealed record MatchAllFilter : FilterExpr
{
    public static readonly MatchAllFilter Instance = new();

    public override bool Matches(IReadOnlyDictionary<string, string> labels) => true;
}

public enum LabelMatch
{
    Equal,
    NotEqual,
    Contains,
    NotContains,
    StartsWith,
}

public sealed record LabelFilter(string Label, LabelMatch Match, string Value) : FilterExpr
{
    public override bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        var actual = Read(labels, Label);
        return Match switch
        {
            LabelMatch.Equal => string.Equals(actual, Value, StringComparison.Ordinal),
            LabelMatch.NotEqual => !string.Equals(actual, Value, StringComparison.Ordinal),
            LabelMatch.Contains => actual.Contains(Value, StringComparison.Ordinal),
            LabelMatch.NotContains => !actual.Contains(Value, StringComparison.Ordinal),
            LabelMatch.StartsWith => actual.StartsWith(Value, StringComparison.Ordinal),
            _ => false,
        };
    }
}

/// <summary><c>label in ("a","b")</c>, or <c>not in</c> when <see cref="Negated"/>.</summary>
public sealed record InFilter(string Label, IReadOnlyList<string> Values, bool Negated) : FilterExpr
{
    public override bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        var actual = Read(labels, Label);
        var found = false;
        foreach (var v in Values)
        {
            if (string.Equals(actual, v, StringComparison.Ordinal)) { found = true; break; }
        }
        return found != Negated;
    }

    // Records compare lists by reference; a filter's identity is its values in order.
    public bool Equals(InFilter? other) =>
        other is not null && Label == other.Label && Negated == other.Negated && Values.SequenceEqual(other.Values);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Label);
        hash.Add(Negated);
        foreach (var v in Values) hash.Add(v);
        return hash.ToHashCode();
    }
}

public sealed record AndFilter(FilterExpr Left, FilterExpr Right) : FilterExpr
{
    public override bool Matches(IReadOnlyDictionary<string, string> labels) => Left.Matches(labels) && Right.Matches(labels);
}

public sealed record OrFilter(FilterExpr Left, FilterExpr Right) : FilterExpr
{
    public override bool Matches(IReadOnlyDictionary<string, string> labels) => Left.Matches(labels) || Right.Matches(labels);
}

public sealed record NotFilter(FilterExpr Operand) : FilterExpr
{
    public override bool Matches(IReadOnlyDictionary<string, string> labels) => !Operand.Matches(labels);
}
