using System.Globalization;
using System.Security.Claims;
using Tocsin.Core.Alerts;
using Tocsin.Core.Tenancy;

namespace Tocsin.Server.Auth;

/// <summary>The authenticated caller of a request: its tenant and who to record as the actor.</summary>
public sealed record Caller(Guid TenantId, long KeyId, long? UserId, IReadOnlyList<string> Permissions)
{
    public Actor Actor => UserId is { } u ? Actor.User(u) : Actor.ApiKey(KeyId);

    public const string TenantClaim = "tocsin:tenant";
    public const string KeyClaim = "tocsin:key";
    public const string UserClaim = "tocsin:user";
    public const string PermissionClaim = "tocsin:permission";

    public static ClaimsPrincipal ToPrincipal(ApiKeyRecord key, string scheme)
    {
        var claims = new List<Claim>
        {
            new(TenantClaim, key.TenantId.ToString()),
            new(KeyClaim, key.Id.ToString(CultureInfo.InvariantCulture)),
        };
        if (key.UserId is { } u) claims.Add(new Claim(UserClaim, u.ToString(CultureInfo.InvariantCulture)));
        claims.AddRange(key.Permissions.Select(p => new Claim(PermissionClaim, p)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    public static Caller From(ClaimsPrincipal p) => new(
        Guid.Parse(p.FindFirstValue(TenantClaim)!),
        long.Parse(p.FindFirstValue(KeyClaim)!, CultureInfo.InvariantCulture),
        p.FindFirstValue(UserClaim) is { } u ? long.Parse(u, CultureInfo.InvariantCulture) : null,
        p.FindAll(PermissionClaim).Select(c => c.Value).ToList());
}

public static class CallerExtensions
{
    public static Caller Caller(this HttpContext context) => Auth.Caller.From(context.User);
}
