using System.Diagnostics.CodeAnalysis;

namespace Tocsin.Core.Conditions;

/// <summary>Either a parsed value or an error; parsing never throws for bad input.</summary>
public sealed class ParseResult<T> where T : class
{
    private ParseResult(T? value, ConditionError? error) { Value = value; Error = error; }

    public T? Value { get; }
    public ConditionError? Error { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Success => Error is null;

    public static ParseResult<T> Ok(T value) => new(value, null);
    public static ParseResult<T> Fail(ConditionError error) => new(null, error);
}
