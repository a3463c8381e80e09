using Tocsin.Core.Common;

namespace Tocsin.Server.Dialects.Genesys;

/// <summary>A client error as Genesys reports it: HTTP status, Genesys <c>code</c>, message, and the field at fault.</summary>
internal sealed record GenesysFault(int Status, string Code, string Message, string? Field = null, IReadOnlyDictionary<string, string>? Params = null, string? Template = null)
{
    /// <summary>400 <c>invalid.value</c>, worded as Genesys words it, naming the field and what it allows.</summary>
    public static GenesysFault Invalid(string field, string? value, string allowed) => new(400, "invalid.value",
        $"Value [{value}] is not valid for field type [{field}]. Allowable values are: {allowed}", field,
        new Dictionary<string, string> { ["value"] = value ?? "null", ["field"] = field, ["allowed"] = allowed },
        "Value [{value}] is not valid for field type [{field}]. Allowable values are: {allowed}");

    public static GenesysFault Missing(string field) => new(400, "bad.request", $"The field [{field}] is required.", field,
        new Dictionary<string, string> { ["field"] = field }, "The field [{field}] is required.");

    public static GenesysFault BadRequest(string field, string message) => new(400, "bad.request", message, field);

    public static GenesysFault NotFound(string what) => new(404, "not.found", $"The requested resource was not found: {what}.");

    public static GenesysFault MissingPermission(string permission) => new(403, "missing.permissions",
        $"Unable to perform the requested action. You are missing the following permission(s): [{permission}]", null,
        new Dictionary<string, string> { ["permissions"] = permission },
        "Unable to perform the requested action. You are missing the following permission(s): [{permissions}]");

    public static readonly GenesysFault AuthenticationRequired = new(401, "authentication.required", "No authentication bearer token specified in authorization header.");
    public static readonly GenesysFault BadCredentials = new(401, "bad.credentials", "Invalid login credentials.");
    public static readonly GenesysFault CredentialsExpired = new(401, "credentials.expired", "The supplied credentials have expired.");

    /// <summary>Core errors from the shared services, in Genesys codes.</summary>
    public static GenesysFault From(CoreError e) => e.Kind switch
    {
        ErrorKind.Validation => BadRequest(e.Field ?? "body", e.Field is null ? e.Message : $"{e.Field}: {e.Message}"),
        ErrorKind.NotFound => NotFound(e.Message),
        ErrorKind.Conflict => new(409, "conflict", e.Field is null ? e.Message : $"{e.Field}: {e.Message}", e.Field),
        ErrorKind.Forbidden => new(403, "not.authorized", e.Message, e.Field),
        ErrorKind.TooLarge => new(413, "request.entity.too.large", e.Message, e.Field),
        _ => new(429, "too.many.requests", e.Message, e.Field),
    };
}

/// <summary>Renders <see cref="GenesysFault"/>s in Genesys's <c>ErrorBody</c>, echoing <c>contextId</c> in <c>inin-correlation-id</c>.</summary>
internal static class GenesysErrors
{
    public const string CorrelationHeader = "inin-correlation-id";

    public static IResult Result(HttpContext c, GenesysFault fault)
    {
        var contextId = ContextId(c);
        return TypedResults.Json(ToBody(fault, contextId), GenesysJson.Default.GenesysError, statusCode: fault.Status);
    }

    public static GenesysError ToBody(GenesysFault fault, string contextId) => new()
    {
        Message = fault.Message,
        Code = fault.Code,
        Status = fault.Status,
        MessageWithParams = fault.Template ?? fault.Message,
        MessageParams = fault.Params is null ? new() : new(fault.Params),
        ContextId = contextId,
        Details = fault.Field is null ? [] : [new GenesysErrorDetail(fault.Code, fault.Field)],
        Errors = [],
    };

    /// <summary>OAuth login failures carry the OAuth fields (<c>error</c>, <c>description</c>) beside the usual ErrorBody ones.</summary>
    public static IResult OAuth(HttpContext c, int status, string error, string description)
    {
        var body = ToBody(new GenesysFault(status, status == 401 ? "bad.credentials" : "bad.request", description), ContextId(c)) with
        {
            OAuthError = error, Description = description, ErrorDescription = description,
        };
        return TypedResults.Json(body, GenesysJson.Default.GenesysError, statusCode: status);
    }

    public static Task WriteAsync(HttpContext c, GenesysFault fault) => Result(c, fault).ExecuteAsync(c);

    private static string ContextId(HttpContext c)
    {
        var id = Guid.NewGuid().ToString();
        c.Response.Headers[CorrelationHeader] = id;
        return id;
    }
}
