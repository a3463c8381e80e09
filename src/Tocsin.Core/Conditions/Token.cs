namespace Tocsin.Core.Conditions;

public enum TokenKind
{
    Identifier,
    Number,
    String,
    LeftParen,
    RightParen,
    LeftBracket,
    RightBracket,
    Comma,
    Greater,
    GreaterOrEqual,
    Less,
    LessOrEqual,
    Equal,
    NotEqual,
    End,
}

/// <summary>One lexeme. <see cref="Text"/> is the decoded value for strings, the raw text otherwise.</summary>
public readonly record struct Token(TokenKind Kind, string Text, int Position)
{
    /// <summary>Keywords (and, or, not, in, ...) are identifiers; the parser recognises them case-insensitively.</summary>
    public bool IsKeyword(string keyword) =>
        Kind == TokenKind.Identifier && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);

    public static string Describe(TokenKind kind) => kind switch
    {
        TokenKind.Identifier => "identifier",
        TokenKind.Number => "number",
        TokenKind.String => "string",
        TokenKind.LeftParen => "'('",
        TokenKind.RightParen => "')'",
        TokenKind.LeftBracket => "'['",
        TokenKind.RightBracket => "']'",
        TokenKind.Comma => "','",
        TokenKind.Greater => "'>'",
        TokenKind.GreaterOrEqual => "'>='",
        TokenKind.Less => "'<'",
        TokenKind.LessOrEqual => "'<='",
        TokenKind.Equal => "'='",
        TokenKind.NotEqual => "'!='",
        TokenKind.End => "end of input",
        _ => kind.ToString(),
    };

    public string Describe() => Kind switch
    {
        TokenKind.End => "end of input",
        TokenKind.String => $"string \"{Text}\"",
        TokenKind.Identifier or TokenKind.Number => $"'{Text}'",
        _ => Describe(Kind),
    };
}
