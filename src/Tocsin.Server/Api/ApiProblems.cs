using Tocsin.Core.Common;

namespace Tocsin.Server.Api;

/// <summary>RFC 9457 problem+json responses for the native API. Every client error names the offending field when there is one.</summary>
internal static class ApiProblems
{
    public static IResult Validation(string field, string message) =>
        Problem(StatusCodes.Status400BadRequest, "Invalid request", $"{field}: {message}", field);

    public static IResult NotFound(string what) => Problem(StatusCodes.Status404NotFound, "Not found", $"{what} not found", null);

    public static IResult From(CoreError e) => e.Kind switch
    {
        ErrorKind.Validation => Validation(e.Field ?? "body", e.Message),
        ErrorKind.NotFound => Problem(StatusCodes.Status404NotFound, "Not found", e.Message, e.Field),
        ErrorKind.Conflict => Problem(StatusCodes.Status409Conflict, "Conflict", e.Message, e.Field),
        ErrorKind.Forbidden => Problem(StatusCodes.Status403Forbidden, "Forbidden", e.Message, e.Field),
        ErrorKind.TooLarge => Problem(StatusCodes.Status413PayloadTooLarge, "Payload too large", e.Message, e.Field),
        _ => Problem(StatusCodes.Status429TooManyRequests, "Too many requests", e.Message, e.Field),
    };

    public static IResult Problem(int status, string title, string detail, string? field)
    {
        var extensions = new Dictionary<string, object?>();
        if (field is not null)
        {
            extensions["field"] = field;
            extensions["errors"] = new Dictionary<string, string[]> { [field] = [detail] };
        }
        return TypedResults.Problem(detail: detail, statusCode: status, title: title, extensions: extensions);
    }
}
