using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Tocsin.Server.Api;
using Tocsin.Server.WebConsole;

namespace Tocsin.Server.Auth;

/// <summary>
/// <c>Authorization: Bearer &lt;key&gt;</c> for the native API, or the web console's HttpOnly cookie holding the same key.
/// Dialects add their own schemes that resolve to the same keys.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyCache keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header)) return await CookieAsync();
        var token = PresentedKey(header);
        if (token is null) return AuthenticateResult.Fail("expected Bearer <key> or Basic credentials with the key as password");
        var key = await keys.ResolveAsync(token, Context.RequestAborted);
        return key is null
            ? AuthenticateResult.Fail("unknown or revoked API key")
            : AuthenticateResult.Success(new AuthenticationTicket(Caller.ToPrincipal(key, SchemeName), SchemeName));
    }

    /// <summary>
    /// A browser sends the cookie on every request to this origin, including ones a hostile page triggers (CSRF). SameSite=Strict
    /// already stops most of those; in addition a state-changing request must carry <see cref="ConsoleCookie.CsrfHeader"/>, which
    /// a cross-origin page cannot add without a CORS preflight that this server never grants.
    /// </summary>
    private async Task<AuthenticateResult> CookieAsync()
    {
        if (!Request.Cookies.TryGetValue(ConsoleCookie.Name, out var token) || string.IsNullOrEmpty(token)) return AuthenticateResult.NoResult();
        if (!ConsoleCookie.IsSafeMethod(Request.Method) && !ConsoleCookie.HasCsrfHeader(Request))
        {
            Context.Items[CsrfRejected] = true;
            return AuthenticateResult.Fail($"cookie-authenticated {Request.Method} requests must carry {ConsoleCookie.CsrfHeader}: 1");
        }
        var key = await keys.ResolveAsync(token, Context.RequestAborted);
        return key is null
            ? AuthenticateResult.Fail("the console session's API key is unknown or revoked")
            : AuthenticateResult.Success(new AuthenticationTicket(Caller.ToPrincipal(key, SchemeName), SchemeName));
    }

    /// <summary>The key a request presents, by header or console cookie; long-lived streams use it to notice revocation.</summary>
    internal static string? PresentedToken(HttpRequest request)
    {
        string? header = request.Headers.Authorization;
        if (!string.IsNullOrEmpty(header)) return PresentedKey(header);
        return request.Cookies.TryGetValue(ConsoleCookie.Name, out var token) && !string.IsNullOrEmpty(token) ? token : null;
    }

    private const string CsrfRejected = "tocsin:csrf-rejected";

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
        if (Context.Items.ContainsKey(CsrfRejected))
        {
            // Not "log in again": the session is fine, the request is what a cross-site forgery would look like.
            await ApiProblems.Problem(StatusCodes.Status403Forbidden, "Forbidden",
                $"a cookie-authenticated {Request.Method} must carry the {ConsoleCookie.CsrfHeader} header", ConsoleCookie.CsrfHeader).ExecuteAsync(Context);
            return;
        }
        Response.Headers.WWWAuthenticate = "Bearer";
        await ApiProblems.Problem(StatusCodes.Status401Unauthorized, "Unauthorized",
            "a valid API key is required: Authorization: Bearer <key>", "Authorization").ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        await ApiProblems.Problem(StatusCodes.Status403Forbidden, "Forbidden",
            "this API key lacks the permission the operation needs", "Authorization").ExecuteAsync(Context);
}
