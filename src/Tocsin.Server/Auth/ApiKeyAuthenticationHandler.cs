using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Tocsin.Server.Api;

namespace Tocsin.Server.Auth;

/// <summary><c>Authorization: Bearer &lt;key&gt;</c> for the native API. Dialects add their own schemes that resolve to the same keys.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyCache keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header)) return AuthenticateResult.NoResult();
        var token = PresentedKey(header);
        if (token is null) return AuthenticateResult.Fail("expected Bearer <key> or Basic credentials with the key as password");
        var key = await keys.ResolveAsync(token, Context.RequestAborted);
        return key is null
            ? AuthenticateResult.Fail("unknown or revoked API key")
            : AuthenticateResult.Success(new AuthenticationTicket(Caller.ToPrincipal(key, SchemeName), SchemeName));
    }

    /// <summary>Bearer carries the key; Basic carries it as the password (for clients such as Prometheus that only speak Basic).</summary>
    internal static string? PresentedKey(string header)
    {
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return header["Bearer ".Length..].Trim();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return null;
        try
        {
            var decoded = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
            var colon = decoded.IndexOf(':');
            return colon < 0 ? null : decoded[(colon + 1)..];
        }
        catch (FormatException)
        {
            return null;
        }
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        await ApiProblems.Problem(StatusCodes.Status401Unauthorized, "Unauthorized",
            "a valid API key is required: Authorization: Bearer <key>", "Authorization").ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        await ApiProblems.Problem(StatusCodes.Status403Forbidden, "Forbidden",
            "this API key lacks the permission the operation needs", "Authorization").ExecuteAsync(Context);
}
