using System.Globalization;
using Tocsin.Core.Conditions.Ast;

namespace Tocsin.Core.Conditions;

/// <summary>
/// Entry points of the condition and filter languages. Neither method throws for any input: every
/// problem comes back as a <see cref="ConditionError"/> with a position and what was expected there.
/// </summary>
/// <remarks>
/// Condition grammar (IBM/Sysdig metric alerts, reference §4):
/// <code>
/// condition  := or
/// or         := and ( OR and )*
/// and        := not ( AND not )*
/// not        := NOT not | '(' or ')' | comparison
/// comparison := query op number
/// query      := fn '(' ( fn '(' metric ')' | metric ) ')'
/// op         := '&gt;' | '&gt;=' | '&lt;' | '&lt;=' | '=' | '==' | '!='
/// </code>
/// Filter grammar (reference §5), with <c>or</c> accepted although Sysdig scopes only use <c>and</c>:
/// <code>
/// filter := or ; or := and ( OR and )* ; and := not ( AND not )* ; not := NOT not | '(' or ')' | clause
/// clause := label ( ('=' | '==' | IS) value | ('!=' | IS NOT) value | [NOT] IN list
///                 | [NOT | DOES NOT] CONTAIN[S] value | STARTS WITH value )
/// list   := '(' value (',' value)* ')' | '[' value (',' value)* ']'
/// value  := string | number | identifier
/// </code>
/// </remarks>
public static class ConditionParser
{
    /// <summary>Deeper nesting is refused so that hostile input cannot exhaust the stack.</summary>
    public const int MaxDepth = 64;

    public static ParseResult<ConditionExpr> ParseCondition(string? text)
    {
        if (text is null) return ParseResult<ConditionExpr>.Fail(new ConditionError(0, "condition is missing", "condition"));
        if (!Lexer.TryTokenize(text, out var tokens, out var lexError)) return ParseResult<ConditionExpr>.Fail(lexError!);
        var parser = new Cursor(tokens);
        var expr = parser.ConditionOr(0);
        if (expr is not null && parser.Error is null && parser.Current.Kind != TokenKind.End)
            parser.Fail(parser.Current, "'and', 'or' or end of input");
        return parser.Error is null && expr is not null
            ? ParseResult<ConditionExpr>.Ok(expr)
            : ParseResult<ConditionExpr>.Fail(parser.Error!);
    }

    /// <summary>An empty or blank filter is valid and matches everything.</summary>
    public static ParseResult<FilterExpr> ParseFilter(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return ParseResult<FilterExpr>.Ok(MatchAllFilter.Instance);
        if (!Lexer.TryTokenize(text, out var tokens, out var lexError)) return ParseResult<FilterExpr>.Fail(lexError!);
        var parser = new Cursor(tokens);
        var expr = parser.FilterOr(0);
        if (expr is not null && parser.Error is null && parser.Current.Kind != TokenKind.End)
            parser.Fail(parser.Current, "'and', 'or' or end of input");
        return parser.Error is null && expr is not null
            ? ParseResult<FilterExpr>.Ok(expr)
            : ParseResult<FilterExpr>.Fail(parser.Error!);
    }

    /// <summary>Recursive-descent state. Methods return null after recording the first error.</summary>
    private sealed class Cursor(List<Token> tokens)
    {
        private int _index;

        public ConditionError? Error { get; private set; }

        public Token Current => tokens[_index];

        private Token Peek(int ahead = 1) => tokens[Math.Min(_index + ahead, tokens.Count - 1)];

        private Token Advance()
        {
            var t = tokens[_index];
            if (_index < tokens.Count - 1) _index++;
            return t;
        }

        public void Fail(Token at, string expected, string? message = null) =>
            Error ??= new ConditionError(at.Position, message ?? $"unexpected {at.Describe()}", expected);

        private bool Expect(TokenKind kind, string? expected = null)
        {
            if (Current.Kind == kind) { Advance(); return true; }
            Fail(Current, expected ?? Token.Describe(kind));
            return false;
        }

        private bool TooDeep(int depth)
        {
            if (depth <= MaxDepth) return false;
            Fail(Current, "shallower nesting", $"nesting deeper than {MaxDepth} levels");
            return true;
        }

        // ---- conditions ----

        public ConditionExpr? ConditionOr(int depth)
        {
            var left = ConditionAnd(depth);
            while (left is not null && Current.IsKeyword("or"))
            {
                Advance();
                var right = ConditionAnd(depth);
                if (right is null) return null;
                left = new OrCondition(left, right);
            }
            return left;
        }

        private ConditionExpr? ConditionAnd(int depth)
        {
            var left = ConditionNot(depth);
            while (left is not null && Current.IsKeyword("and"))
            {
                Advance();
                var right = ConditionNot(depth);
                if (right is null) return null;
                left = new AndCondition(left, right);
            }
            return left;
        }

        private ConditionExpr? ConditionNot(int depth)
        {
            if (TooDeep(depth)) return null;
            if (Current.IsKeyword("not"))
            {
                Advance();
                var operand = ConditionNot(depth + 1);
                return operand is null ? null : new NotCondition(operand);
            }
            if (Current.Kind == TokenKind.LeftParen)
            {
                Advance();
                var inner = ConditionOr(depth + 1);
                if (inner is null || !Expect(TokenKind.RightParen, "')', 'and' or 'or'")) return null;
                return inner;
            }
            return Comparison();
        }

        private ConditionExpr? Comparison()
        {
            var query = Query();
            if (query is null) return null;
            ComparisonOp? op = Current.Kind switch
            {
                TokenKind.Greater => ComparisonOp.Greater,
                TokenKind.GreaterOrEqual => ComparisonOp.GreaterOrEqual,
                TokenKind.Less => ComparisonOp.Less,
                TokenKind.LessOrEqual => ComparisonOp.LessOrEqual,
                TokenKind.Equal => ComparisonOp.Equal,
                TokenKind.NotEqual => ComparisonOp.NotEqual,
                _ => null,
            };
            if (op is null)
            {
                Fail(Current, "comparison operator (>, >=, <, <=, =, !=)");
                return null;
            }
            Advance();
            if (Current.Kind != TokenKind.Number)
            {
                Fail(Current, "number");
                return null;
            }
            var threshold = double.Parse(Advance().Text, NumberStyles.Float, CultureInfo.InvariantCulture);
            return new ComparisonCondition(query, op.Value, threshold);
        }

        private MetricQuery? Query()
        {
            var outer = Current;
            if (outer.Kind != TokenKind.Identifier || Peek().Kind != TokenKind.LeftParen)
            {
                Fail(outer, $"aggregation function ({Aggregations.TimeNames}) or '('");
                return null;
            }
            Advance();
            Advance();
            var inner = Current;
            if (inner.Kind != TokenKind.Identifier)
            {
                Fail(inner, "metric name or time aggregation");
                return null;
            }

            if (Peek().Kind == TokenKind.LeftParen)
            {
                // group(time(metric))
                if (!Aggregations.TryParseGroup(outer.Text, out var group))
                {
                    Fail(outer, Aggregations.GroupNames, $"unknown group aggregation '{outer.Text}'");
                    return null;
                }
                if (!Aggregations.TryParseTime(inner.Text, out var time))
                {
                    Fail(inner, Aggregations.TimeNames, $"unknown time aggregation '{inner.Text}'");
                    return null;
                }
                Advance();
                Advance();
                var metric = Current;
                if (metric.Kind != TokenKind.Identifier)
                {
                    Fail(metric, "metric name");
                    return null;
                }
                Advance();
                if (!Expect(TokenKind.RightParen) || !Expect(TokenKind.RightParen)) return null;
                return new MetricQuery(group, time, metric.Text);
            }

            // time(metric): the group aggregation was left out.
            if (!Aggregations.TryParseTime(outer.Text, out var single))
            {
                Fail(outer, Aggregations.TimeNames, $"unknown time aggregation '{outer.Text}'");
                return null;
            }
            Advance();
            if (!Expect(TokenKind.RightParen)) return null;
            return new MetricQuery(null, single, inner.Text);
        }

        // ---- filters ----

        public FilterExpr? FilterOr(int depth)
        {
            var left = FilterAnd(depth);
            while (left is not null && Current.IsKeyword("or"))
            {
                Advance();
                var right = FilterAnd(depth);
                if (right is null) return null;
                left = new OrFilter(left, right);
            }
            return left;
        }

        private FilterExpr? FilterAnd(int depth)
        {
            var left = FilterNot(depth);
            while (left is not null && Current.IsKeyword("and"))
            {
                Advance();
                var right = FilterNot(depth);
                if (right is null) return null;
                left = new AndFilter(left, right);
            }
            return left;
        }

        private FilterExpr? FilterNot(int depth)
        {
            if (TooDeep(depth)) return null;
            // 'not' starts a negated clause unless it is itself the label name ("not = 'x'").
            if (Current.IsKeyword("not") && !IsOperatorStart(Peek()))
            {
                Advance();
                var operand = FilterNot(depth + 1);
                return operand is null ? null : new NotFilter(operand);
            }
            if (Current.Kind == TokenKind.LeftParen)
            {
                Advance();
                var inner = FilterOr(depth + 1);
                if (inner is null || !Expect(TokenKind.RightParen, "')', 'and' or 'or'")) return null;
                return inner;
            }
            return Clause();
        }

        private static bool IsOperatorStart(Token t) => t.Kind is TokenKind.Equal or TokenKind.NotEqual;

        private const string FilterOperators = "'=', '!=', 'in', 'not in', 'contains', 'does not contain', 'starts with' or 'is'";

        private FilterExpr? Clause()
        {
            var label = Current;
            if (label.Kind != TokenKind.Identifier)
            {
                Fail(label, "label name, 'not' or '('");
                return null;
            }
            Advance();
            var op = Current;
            switch (op.Kind)
            {
                case TokenKind.Equal:
                    Advance();
                    return Single(label.Text, LabelMatch.Equal);
                case TokenKind.NotEqual:
                    Advance();
                    return Single(label.Text, LabelMatch.NotEqual);
            }
            if (op.IsKeyword("is"))
            {
                Advance();
                if (Current.IsKeyword("not"))
                {
                    Advance();
                    return Single(label.Text, LabelMatch.NotEqual);
                }
                return Single(label.Text, LabelMatch.Equal);
            }
            if (op.IsKeyword("in"))
            {
                Advance();
                return List(label.Text, negated: false);
            }
            if (op.IsKeyword("contains") || op.IsKeyword("contain"))
            {
                Advance();
                return Single(label.Text, LabelMatch.Contains);
            }
            if (op.IsKeyword("starts"))
            {
                Advance();
                if (!Current.IsKeyword("with"))
                {
                    Fail(Current, "'with'");
                    return null;
                }
                Advance();
                return Single(label.Text, LabelMatch.StartsWith);
            }
            if (op.IsKeyword("not") || op.IsKeyword("does"))
            {
                var does = op.IsKeyword("does");
                Advance();
                if (does)
                {
                    if (!Current.IsKeyword("not"))
                    {
                        Fail(Current, "'not'");
                        return null;
                    }
                    Advance();
                }
                if (!does && Current.IsKeyword("in"))
                {
                    Advance();
                    return List(label.Text, negated: true);
                }
                if (Current.IsKeyword("contains") || Current.IsKeyword("contain"))
                {
                    Advance();
                    return Single(label.Text, LabelMatch.NotContains);
                }
                Fail(Current, does ? "'contain'" : "'in' or 'contains'");
                return null;
            }
            Fail(op, FilterOperators);
            return null;
        }

        private bool TryValue(out string value)
        {
            var t = Current;
            if (t.Kind is TokenKind.String or TokenKind.Number or TokenKind.Identifier)
            {
                Advance();
                value = t.Text;
                return true;
            }
            Fail(t, "quoted string");
            value = "";
            return false;
        }

        private LabelFilter? Single(string label, LabelMatch match) =>
            TryValue(out var value) ? new LabelFilter(label, match, value) : null;

        private InFilter? List(string label, bool negated)
        {
            var open = Current.Kind;
            if (open is not (TokenKind.LeftParen or TokenKind.LeftBracket))
            {
                Fail(Current, "'(' starting a list of values");
                return null;
            }
            var close = open == TokenKind.LeftParen ? TokenKind.RightParen : TokenKind.RightBracket;
            Advance();
            var values = new List<string>();
            while (true)
            {
                if (!TryValue(out var value)) return null;
                values.Add(value);
                if (Current.Kind == TokenKind.Comma) { Advance(); continue; }
                if (Current.Kind == close) { Advance(); break; }
                Fail(Current, $"',' or {Token.Describe(close)}");
                return null;
            }
            return new InFilter(label, values, negated);
        }
    }
}
