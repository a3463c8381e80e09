using Tocsin.Core.Common;

namespace Tocsin.Server.Dialects.Twilio;

/// <summary>
/// Every 4xx/5xx of the dialect in Twilio's error body. Codes: 20001 invalid parameter (400, message names the parameter),
/// 20003 authentication (401), 20403 forbidden (403), 20404 not found (404), 20004 method not allowed (405), 20500 (500).
/// </summary>
internal static class TwilioErrors
{
    public const int InvalidParameter = 20001;
    public const int Authenticate = 20003;
    public const int MethodNotAllowed = 20004;
    public const int Forbidden = 20403;
    public const int NotFoundCode = 20404;
    public const int Internal = 20500;

    public static IResult Error(int status, int code, string message) =>
        TypedResults.Json(new TwilioError(code, message, $"https://www.twilio.com/docs/errors/{code}", status), TwilioJson.Default.TwilioError, statusCode: status);

    public static IResult Invalid(string parameter, string message) => Error(400, InvalidParameter, $"Invalid parameter {parameter}: {message}");

    public static IResult Unauthorized(string message) => Error(401, Authenticate, $"Authentication Error - {message}");

    public static IResult NotFound(HttpRequest request) => Error(404, NotFoundCode, $"The requested resource {request.Path} was not found");

    public static IResult From(CoreError e, HttpRequest request) => e.Kind switch
    {
        ErrorKind.Validation or ErrorKind.TooLarge => Invalid(e.Field ?? "body", e.Message),
        ErrorKind.NotFound => NotFound(request),
        ErrorKind.Forbidden => Error(403, Forbidden, e.Message),
        ErrorKind.Conflict => Invalid(e.Field ?? "body", e.Message),
        _ => Error(429, 20429, e.Message),
    };
}
