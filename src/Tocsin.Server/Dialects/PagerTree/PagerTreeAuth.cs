using System.Globalization;
using Tocsin.Core.Tenancy;
using Tocsin.Server.Auth;

namespace Tocsin.Server.Dialects.PagerTree;

/// <summary>
/// PagerTree's credentials, resolved to a Tocsin API key: <c>Authorization: &lt;token&gt;</c> (raw, as the v3 docs show,
/// or <c>Bearer &lt;token&gt;</c>, as the Zapier client sends), or <c>x-api-key</c> + <c>x-api-secret</c> where the
/// secret is the Tocsin key and x-api-key its id (as listed by <c>GET /api/v1/keys</c>). The key's user is the actor.
/// </summary>
internal static class PagerTreeAuth
{
    public const string Scheme = "PagerTree";

    /// <summary>An endpoint filter: authenticates, checks <paramref name="permission"/>, and sets the caller for the handler.</summary>
    public static EndpointFilterDelegate Require(EndpointFilterDelegate next, string permission) => async ctx =>
    {
        var http = ctx.HttpContext;
        var (token, keyId) = Presented(http.Request);
        if (token is null) return PagerTreeErrors.Error(StatusCodes.Status401Unauthorized, "no token provided: send Authorization: <token> or x-api-key and x-api-secret");
        var key = await http.RequestServices.GetRequiredService<ApiKeyCache>().ResolveAsync(token, http.RequestAborted);
        if (key is null || (keyId is not null && keyId != key.Id.ToString(CultureInfo.InvariantCulture)))
            return PagerTreeErrors.Error(StatusCodes.Status401Unauthorized, "invalid token");
        if (!key.Has(permission)) return PagerTreeErrors.Error(StatusCodes.Status403Forbidden, $"these credentials lack the {permission} permission");
        http.User = Caller.ToPrincipal(key, Scheme);
        return await next(ctx);
    };

    private static (string? Token, string? KeyId) Presented(HttpRequest request)
    {
        string? secret = request.Headers["x-api-secret"];
        if (!string.IsNullOrEmpty(secret))
        {
            string? id = request.Headers["x-api-key"];
            return string.IsNullOrEmpty(id) ? (null, null) : (secret.Trim(), id.Trim());
        }
        string? header = request.Headers.Authorization;
        if (string.IsNullOrWhiteSpace(header)) return (null, null);
        header = header.Trim();
        return (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : header, null);
    }
}
