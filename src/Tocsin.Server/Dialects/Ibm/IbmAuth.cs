using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Tocsin.Core.Common;
using Tocsin.Core.Tenancy;
using Tocsin.Server.Auth;

namespace Tocsin.Server.Dialects.Ibm;

/// <summary>
/// IBM Cloud Monitoring / Sysdig authentication (reference §1), resolving to a Tocsin API key and tenant:
/// <list type="bullet">
/// <item>IBM: <c>Authorization: Bearer &lt;token&gt;</c> plus <c>IBMInstanceID: &lt;instance GUID&gt;</c>. The token is a Tocsin API
/// key (there is no IAM here) and the instance id must be that key's tenant id (<c>GET /api/v1/tenant</c>); any other is 401.</item>
/// <item>Sysdig: <c>Authorization: Bearer &lt;API token&gt;</c> alone, the same key.</item>
/// </list>
/// The seed's curl examples send the token without <c>Bearer </c> in some places; both forms are accepted.
/// <c>TeamID</c> (seed) or <c>SysdigTeamID</c> (Terraform, IBM notification docs) optionally limits the request to one team.
/// </summary>
internal static class IbmAuth
{
    public const string Scheme = "Ibm";
    public const string InstanceHeader = "IBMInstanceID";
    public static readonly string[] TeamHeaders = ["TeamID", "SysdigTeamID"];

    public static readonly AuthorizationPolicy Read = Policy(Permission.AlertsRead);
    public static readonly AuthorizationPolicy Write = Policy(Permission.AlertsWrite);

    public static IServiceCollection AddIbmAuth(this IServiceCollection services)
    {
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, IbmAuthenticationHandler>(Scheme, null);
        return services;
    }

    /// <summary>The team the request is limited to, if a team header was sent; a non-integer team is a 400 on the header.</summary>
    public static Result<long?> TeamScope(HttpRequest request)
    {
        foreach (var name in TeamHeaders)
        {
            var value = request.Headers[name].ToString();
            if (value.Length == 0) continue;
            return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var team) && team > 0
                ? team
                : CoreError.Validation(name, $"'{value}' is not a team id (a positive integer)");
        }
        return Result<long?>.Ok(null);
    }

    private static AuthorizationPolicy Policy(string permission) => new AuthorizationPolicyBuilder(Scheme)
        .RequireAuthenticatedUser()
        .RequireAssertion(c => c.User.HasClaim(Caller.PermissionClaim, permission) || c.User.HasClaim(Caller.PermissionClaim, Permission.Admin))
        .Build();
}

internal sealed class IbmAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyCache keys, TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const string FailureItem = "tocsin:ibm-auth-failure";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrWhiteSpace(header)) return Fail("the Authorization header is required: Bearer <API token>");
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : header.Trim();
        var key = token.Length == 0 ? null : await keys.ResolveAsync(token, Context.RequestAborted);
        if (key is null) return Fail("the token is not a valid API key");
        var instance = Request.Headers[IbmAuth.InstanceHeader].ToString();
        if (instance.Length > 0 && !(Guid.TryParse(instance, out var tenant) && tenant == key.TenantId))
            return Fail($"{IbmAuth.InstanceHeader} does not name the instance (tenant) of this token");
        return AuthenticateResult.Success(new AuthenticationTicket(Caller.ToPrincipal(key, IbmAuth.Scheme), IbmAuth.Scheme));
    }

    private AuthenticateResult Fail(string reason)
    {
        Context.Items[FailureItem] = reason;
        return AuthenticateResult.Fail(reason);
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        WriteAsync(StatusCodes.Status401Unauthorized, "Unauthorized", Context.Items[FailureItem] as string ?? "authentication is required");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteAsync(StatusCodes.Status403Forbidden, "Forbidden", "this token lacks the permission the operation needs");

    private Task WriteAsync(int status, string error, string message) =>
        TypedResults.Json(new IbmSpringError(time.GetUtcNow().ToUnixTimeMilliseconds(), status, error, message, Request.Path), IbmJson.Default.IbmSpringError,
            statusCode: status).ExecuteAsync(Context);
}
