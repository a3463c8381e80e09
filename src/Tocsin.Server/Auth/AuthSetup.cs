using Microsoft.AspNetCore.Authentication;
using Tocsin.Core.Tenancy;

namespace Tocsin.Server.Auth;

internal static class AuthSetup
{
    public static IServiceCollection AddTocsinAuth(this IServiceCollection services)
    {
        services.AddSingleton<ApiKeyCache>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorization(o =>
        {
            // One policy per permission, named after it; the admin permission satisfies all of them.
            foreach (var permission in Permission.All)
                o.AddPolicy(permission, p => p.RequireAuthenticatedUser().RequireAssertion(c =>
                    c.User.HasClaim(Caller.PermissionClaim, permission) || c.User.HasClaim(Caller.PermissionClaim, Permission.Admin)));
        });
        return services;
    }
}
