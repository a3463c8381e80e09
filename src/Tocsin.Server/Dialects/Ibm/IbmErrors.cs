using Tocsin.Core.Common;
using Tocsin.Core.Rules;

namespace Tocsin.Server.Dialects.Ibm;

/// <summary>
/// Renders core outcomes as Sysdig/IBM errors, never as the native problem+json. Status codes are the seed's table:
/// 400 invalid configuration, 404 unknown id, 409 version mismatch, 422 name not valid or already used.
/// Bodies are <c>{"errors":[{"reason","message"}]}</c>; each message starts with the IBM field it is about.
/// 401/403 use Spring's shape (<see cref="IbmAuth"/>), as the reference recommends.
/// </summary>
internal static class IbmErrors
{
    public const string ValidationReason = "validation_error";
    public const string NotFoundReason = "not_found";
    public const string ConflictReason = "version_mismatch";

    /// <param name="subject">What the request is about, for the 404 and 409 messages: <c>Alert</c> or <c>Notification channel</c>.</param>
    public static IResult From(CoreError e, string subject = "Alert") => e.Kind switch
    {
        ErrorKind.Validation => Error(e.Field == "name" ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status400BadRequest,
            ValidationReason, Message(e.Field, e.Message)),
        ErrorKind.NotFound => NotFound(subject),
        // The rule store reports both a stale version and a duplicate name as conflicts; IBM tells them apart.
        ErrorKind.Conflict when e.Field == "name" => Error(StatusCodes.Status422UnprocessableEntity, ValidationReason, Message("name", $"is already used: {e.Message}")),
        ErrorKind.Conflict => Error(StatusCodes.Status409Conflict, ConflictReason, $"{subject} version mismatch: {e.Message}"),
        ErrorKind.Forbidden => Error(StatusCodes.Status403Forbidden, "forbidden", e.Message),
        ErrorKind.TooLarge => Error(StatusCodes.Status413PayloadTooLarge, "payload_too_large", e.Message),
        _ => Error(StatusCodes.Status429TooManyRequests, "too_many_requests", e.Message),
    };

    /// <summary>One entry per problem; all about the name is 422 (seed: "The alert name is not valid"), anything else 400.</summary>
    public static IResult Invalid(IReadOnlyList<RuleFieldError> errors)
    {
        var status = errors.All(e => e.Field == "name") ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status400BadRequest;
        return TypedResults.Json(new IbmErrorBody(errors.Select(e => new IbmError(ValidationReason, Message(IbmMapping.FieldName(e.Field), e.Message))).ToList()),
            IbmJson.Default.IbmErrorBody, statusCode: status);
    }

    public static IResult NotFound(string subject = "Alert") => Error(StatusCodes.Status404NotFound, NotFoundReason, $"{subject} not found");

    public static IResult Error(int status, string reason, string message) =>
        TypedResults.Json(new IbmErrorBody([new IbmError(reason, message)]), IbmJson.Default.IbmErrorBody, statusCode: status);

    private static string Message(string? field, string message) => field is null ? message : $"{field}: {message}";
}
