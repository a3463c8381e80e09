using Tocsin.Core.Common;

namespace Tocsin.Server.Dialects.Ilert;

/// <summary>
/// Every ilert error is <c>{"status":int,"message":string,"code":string}</c> (ilert's RestError plus the <c>code</c> its own
/// tooling branches on). Native problem+json never leaks out of the dialect.
/// </summary>
internal static class IlertErrors
{
    public const string KeyError = "KEY_ERROR";
    public const string NotFound = "NOT_FOUND";
    public const string BadRequest = "BAD_REQUEST";
    public const string Conflict = "CONFLICT";
    public const string Forbidden = "FORBIDDEN";
    public const string AlreadyExists = "ALREADY_EXISTS";

    public static IResult Error(int status, string code, string message) =>
        TypedResults.Json(new IlertError(status, message, code), IlertJson.Default.IlertError, statusCode: status);

    public static IResult Bad(string message) => Error(StatusCodes.Status400BadRequest, BadRequest, message);

    public static IResult Missing(string what) => Error(StatusCodes.Status404NotFound, NotFound, $"{what} not found");

    /// <summary>Core outcomes in ilert's words; ilert does not document the code for illegal transitions, 400 is what its UI shows.</summary>
    public static IResult From(CoreError e) => e.Kind switch
    {
        ErrorKind.Validation => Bad(e.Field is { Length: > 0 } f ? $"{f}: {e.Message}" : e.Message),
        ErrorKind.NotFound => Error(StatusCodes.Status404NotFound, NotFound, Capitalize(e.Message)),
        ErrorKind.Conflict => Error(StatusCodes.Status400BadRequest, Conflict, e.Message),
        ErrorKind.Forbidden => Error(StatusCodes.Status403Forbidden, Forbidden, e.Message),
        ErrorKind.TooLarge => Error(StatusCodes.Status413PayloadTooLarge, BadRequest, e.Message),
        _ => Error(StatusCodes.Status429TooManyRequests, "TOO_MANY_REQUESTS", "Too many requests"),
    };

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
