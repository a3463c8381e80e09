using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Tocsin.Server.Auth;

namespace Tocsin.Server.Dialects.Ilert;

/// <summary>
/// ilert's API key in <c>Authorization</c>: <c>Bearer &lt;key&gt;</c> as the spec asks, the raw key as GitBook renders it,
/// or Basic with the key as password. Keys are Tocsin API keys. A missing header is 401; an unknown key is 403 with
/// <c>KEY_ERROR</c>, which is what ilert answers and what its clients branch on.
/// </summary>
internal sealed class IlertAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyCache keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Ilert";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrWhiteSpace(header)) return AuthenticateResult.NoResult();
        var token = ApiKeyAuthenticationHandler.PresentedKey(header) ?? header.Trim();
        var key = token.Length == 0 ? null : await keys.ResolveAsync(token, Context.RequestAborted);
        return key is null
            ? AuthenticateResult.Fail("unknown or revoked API key")
            : AuthenticateResult.Success(new AuthenticationTicket(Caller.ToPrincipal(key, SchemeName), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = string.IsNullOrWhiteSpace(Request.Headers.Authorization)
            ? IlertErrors.Error(StatusCodes.Status401Unauthorized, IlertErrors.KeyError, "Missing Authorization header: send Authorization: Bearer <api-key>")
            : IlertErrors.Error(StatusCodes.Status403Forbidden, IlertErrors.KeyError, "The API key is unknown, revoked or malformed");
        await result.ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        await IlertErrors.Error(StatusCodes.Status403Forbidden, IlertErrors.Forbidden, "This API key lacks the permission the operation needs")
            .ExecuteAsync(Context);
}

internal static class IlertAuth
{
    public static IServiceCollection AddIlert(this IServiceCollection services)
    {
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, IlertAuthenticationHandler>(IlertAuthenticationHandler.SchemeName, null);
        services.AddSingleton<IlertAlertLoader>();
        return services;
    }

    /// <summary>One of Tocsin's permission policies, authenticated by the ilert scheme instead of the native one.</summary>
    public static TBuilder RequireIlert<TBuilder>(this TBuilder builder, string permission) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(new AuthorizeAttribute(permission) { AuthenticationSchemes = IlertAuthenticationHandler.SchemeName });
}
