namespace Tocsin.Core.Common;

public enum ErrorKind { Validation, NotFound, Conflict, Forbidden, TooLarge, RateLimited }

/// <summary>An expected failure, returned rather than thrown. <see cref="Field"/> names the offending input where there is one.</summary>
public sealed record CoreError(ErrorKind Kind, string Message, string? Field = null)
{
    public static CoreError Validation(string field, string message) => new(ErrorKind.Validation, message, field);
    public static CoreError NotFound(string what) => new(ErrorKind.NotFound, $"{what} not found");
    public static CoreError Conflict(string message, string? field = null) => new(ErrorKind.Conflict, message, field);
}

/// <summary>A value or an expected error.</summary>
public readonly struct Result<T>
{
    private Result(T? value, CoreError? error) { Value = value; Error = error; }

    public T? Value { get; }
    public CoreError? Error { get; }
    public bool IsOk => Error is null;

    public static Result<T> Ok(T value) => new(value, null);
    public static Result<T> Fail(CoreError error) => new(default, error);

    public static implicit operator Result<T>(T value) => Ok(value);
    public static implicit operator Result<T>(CoreError error) => Fail(error);
}
