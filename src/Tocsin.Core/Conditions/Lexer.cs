using System.Globalization;
using System.Text;

namespace Tocsin.Core.Conditions;

/// <summary>
/// Splits condition and filter text into tokens. Identifiers cover metric and label names as Sysdig
/// writes them (dots, colons, dashes and slashes after the first character).
/// </summary>
public static class Lexer
{
    /// <summary>Longer inputs are refused before lexing, so a hostile request cannot cost much.</summary>
    public const int MaxInputLength = 16 * 1024;

    public static bool TryTokenize(string input, out List<Token> tokens, out ConditionError? error)
    {
        tokens = [];
        error = null;
        if (input.Length > MaxInputLength)
        {
            error = new ConditionError(MaxInputLength, $"input is longer than {MaxInputLength} characters", "shorter input");
            return false;
        }

        var i = 0;
        while (i < input.Length)
        {
            var c = input[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            var start = i;
            switch (c)
            {
                case '(': tokens.Add(new Token(TokenKind.LeftParen, "(", i++)); continue;
                case ')': tokens.Add(new Token(TokenKind.RightParen, ")", i++)); continue;
                case '[': tokens.Add(new Token(TokenKind.LeftBracket, "[", i++)); continue;
                case ']': tokens.Add(new Token(TokenKind.RightBracket, "]", i++)); continue;
                case ',': tokens.Add(new Token(TokenKind.Comma, ",", i++)); continue;
                case '>':
                    tokens.Add(Next(input, ref i, '=', TokenKind.GreaterOrEqual, ">=", TokenKind.Greater, ">"));
                    continue;
                case '<':
                    tokens.Add(Next(input, ref i, '=', TokenKind.LessOrEqual, "<=", TokenKind.Less, "<"));
                    continue;
                case '=':
                    // '==' is accepted as a synonym of '='.
                    tokens.Add(Next(input, ref i, '=', TokenKind.Equal, "==", TokenKind.Equal, "="));
                    continue;
                case '!':
                    if (i + 1 < input.Length && input[i + 1] == '=')
                    {
                        tokens.Add(new Token(TokenKind.NotEqual, "!=", i));
                        i += 2;
                        continue;
                    }
                    error = new ConditionError(i, "'!' must be followed by '='", "'!='");
                    return false;
                case '"' or '\'':
                    if (!TryString(input, ref i, out var text, out error)) return false;
                    tokens.Add(new Token(TokenKind.String, text, start));
                    continue;
            }

            if (IsDigit(c) || ((c is '-' or '+' or '.') && i + 1 < input.Length && (IsDigit(input[i + 1]) || input[i + 1] == '.')))
            {
                if (!TryNumber(input, ref i, out error)) return false;
                tokens.Add(new Token(TokenKind.Number, input[start..i], start));
                continue;
            }

            if (IsIdentifierStart(c))
            {
                i++;
                while (i < input.Length && IsIdentifierPart(input[i])) i++;
                tokens.Add(new Token(TokenKind.Identifier, input[start..i], start));
                continue;
            }

            error = new ConditionError(i, $"unexpected character '{c}'", "identifier, number, string, operator or parenthesis");
            return false;
        }

        tokens.Add(new Token(TokenKind.End, "", input.Length));
        return true;
    }

    private static Token Next(string input, ref int i, char second, TokenKind twoKind, string twoText, TokenKind oneKind, string oneText)
    {
        var start = i;
        if (i + 1 < input.Length && input[i + 1] == second)
        {
            i += 2;
            return new Token(twoKind, twoText, start);
        }
        i++;
        return new Token(oneKind, oneText, start);
    }

    private static bool TryString(string input, ref int i, out string text, out ConditionError? error)
    {
        var quote = input[i];
        var start = i;
        var sb = new StringBuilder();
        i++;
        while (i < input.Length)
        {
            var c = input[i];
            if (c == quote)
            {
                i++;
                text = sb.ToString();
                error = null;
                return true;
            }
            if (c == '\\' && i + 1 < input.Length)
            {
                // Escapes: \\ \" \' ; any other escaped character stands for itself.
                sb.Append(input[i + 1]);
                i += 2;
                continue;
            }
            sb.Append(c);
            i++;
        }
        text = "";
        error = new ConditionError(input.Length, $"string starting at {start} is not closed", $"closing {quote}");
        return false;
    }

    private static bool TryNumber(string input, ref int i, out ConditionError? error)
    {
        var start = i;
        if (input[i] is '-' or '+') i++;
        while (i < input.Length && IsDigit(input[i])) i++;
        if (i < input.Length && input[i] == '.')
        {
            i++;
            while (i < input.Length && IsDigit(input[i])) i++;
        }
        if (i < input.Length && input[i] is 'e' or 'E')
        {
            i++;
            if (i < input.Length && input[i] is '-' or '+') i++;
            if (i >= input.Length || !IsDigit(input[i]))
            {
                error = new ConditionError(i, "exponent has no digits", "digit");
                return false;
            }
            while (i < input.Length && IsDigit(input[i])) i++;
        }
        if (i < input.Length && IsIdentifierPart(input[i]))
        {
            error = new ConditionError(i, $"unexpected '{input[i]}' in number", "digit, operator or whitespace");
            return false;
        }
        var text = input.AsSpan(start, i - start);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            error = new ConditionError(start, $"'{text}' is not a finite number", "finite number");
            return false;
        }
        error = null;
        return true;
    }

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    public static bool IsIdentifierStart(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_';

    public static bool IsIdentifierPart(char c) =>
        IsIdentifierStart(c) || IsDigit(c) || c is '.' or ':' or '-' or '/';
}
