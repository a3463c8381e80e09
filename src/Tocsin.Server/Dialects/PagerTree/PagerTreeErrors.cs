using Tocsin.Core.Common;

namespace Tocsin.Server.Dialects.PagerTree;

/// <summary>
/// Every PagerTree error is <c>{"errors":[{"message":"…"}]}</c> with the documented status: 400 bad input, 401 no or bad
/// credentials, 403 no access, 404 not found, 409 conflict (also a refused state precondition, #10), 429, 5xx.
/// Native problem+json never leaves this dialect.
/// </summary>
internal static class PagerTreeErrors
{
    public static IResult From(CoreError e) => Error(e.Kind switch
    {
        ErrorKind.Validation => StatusCodes.Status400BadRequest,
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        ErrorKind.TooLarge => StatusCodes.Status413PayloadTooLarge,
        ErrorKind.RateLimited => StatusCodes.Status429TooManyRequests,
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.Kind, null),
    }, Message(e));

    /// <summary>Mapping messages already quote the parameter; core and JSON-reader messages get it prefixed, PagerTree style.</summary>
    private static string Message(CoreError e) =>
        e.Kind == ErrorKind.Validation && e.Field is { } f && !e.Message.StartsWith('\'') ? $"'{f}' {e.Message}" : e.Message;

    public static IResult NotFound() => Error(StatusCodes.Status404NotFound, "alert not found");

    public static IResult Conflict(string message) => Error(StatusCodes.Status409Conflict, message);

    public static IResult Error(int status, string message) =>
        TypedResults.Json(new PagerTreeErrorBody([new PagerTreeErrorMessage(message)]), PagerTreeJson.Default.PagerTreeErrorBody, statusCode: status);
}
