using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Tocsin.Core.Alerts;
using Tocsin.Core.Tenancy;
using Tocsin.Server.Auth;
using Tocsin.Storage.Sql;

namespace Tocsin.Server.Dialects.Genesys;

/// <summary>
/// Who calls the Genesys dialect: a Tocsin API key or an OAuth client's token. <see cref="Reader"/> keys the per-caller
/// read state (the bound user when there is one, so a person's keys and clients share it).
/// </summary>
internal sealed record GenesysCaller(Guid TenantId, string Reader, long? UserId, IReadOnlyList<string> Permissions, Actor Actor)
{
    public bool Has(string tocsinPermission) => Permissions.Contains(Permission.Admin) || Permissions.Contains(tocsinPermission);
}

/// <summary>
/// Genesys auth: <c>Authorization: Bearer &lt;token&gt;</c> where the token is a Tocsin API key or an access token from the
/// client-credentials grant (<c>POST /compat/genesys/oauth/token</c>). Genesys permissions map onto Tocsin's:
/// <c>alerting:*:view</c> needs <c>alerts:read</c>; <c>add</c>, <c>edit</c> and <c>delete</c> need <c>alerts:write</c>.
/// </summary>
internal static class GenesysAuth
{
    public const string TokenPrefix = "gcx_";
    public const long TokenLifetimeSeconds = 86399;
    private const string CallerItem = "tocsin:genesys-caller";

    public static GenesysCaller GenesysCaller(this HttpContext c) => (GenesysCaller)c.Items[CallerItem]!;

    public static string TocsinPermission(string genesysPermission) =>
        genesysPermission.EndsWith(":view", StringComparison.Ordinal) ? Permission.AlertsRead : Permission.AlertsWrite;

    /// <summary>Group filter: resolves the bearer token or answers 401 in Genesys's error body.</summary>
    public static async ValueTask<object?> AuthenticateAsync(EndpointFilterInvocationContext ic, EndpointFilterDelegate next)
    {
        var c = ic.HttpContext;
        string? header = c.Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header) || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return GenesysErrors.Result(c, GenesysFault.AuthenticationRequired);
        var token = header["Bearer ".Length..].Trim();
        if (token.Length == 0) return GenesysErrors.Result(c, GenesysFault.AuthenticationRequired);
        var resolved = await ResolveAsync(c.RequestServices, token, c.RequestAborted);
        if (resolved.Fault is { } fault) return GenesysErrors.Result(c, fault);
        c.Items[CallerItem] = resolved.Caller;
        return await next(ic);
    }

    /// <summary>Endpoint filter: the Genesys permission the seed lists for the operation; missing is 403 naming it.</summary>
    public static TBuilder RequireGenesysPermission<TBuilder>(this TBuilder builder, string genesysPermission) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (ic, next) =>
            ic.HttpContext.GenesysCaller().Has(TocsinPermission(genesysPermission))
                ? await next(ic)
                : GenesysErrors.Result(ic.HttpContext, GenesysFault.MissingPermission(genesysPermission)));

    private static async Task<(GenesysCaller? Caller, GenesysFault? Fault)> ResolveAsync(IServiceProvider services, string token, CancellationToken ct)
    {
        if (token.StartsWith(TokenPrefix, StringComparison.Ordinal))
        {
            var found = await services.GetRequiredService<SqlGenesysStore>().FindTokenAsync(ApiKeys.Hash(token), ct);
            if (found is not var (client, expiresAt) || client.RevokedAt is not null) return (null, GenesysFault.BadCredentials);
            if (expiresAt <= services.GetRequiredService<TimeProvider>().GetUtcNow()) return (null, GenesysFault.CredentialsExpired);
            return (new GenesysCaller(client.TenantId, ReaderOf(client.UserId, "client:" + client.Id.ToString(CultureInfo.InvariantCulture)),
                client.UserId, client.Permissions, client.UserId is { } cu ? Actor.User(cu) : Actor.Integration("genesys:" + client.ClientId)), null);
        }
        var key = await services.GetRequiredService<ApiKeyCache>().ResolveAsync(token, ct);
        if (key is null) return (null, GenesysFault.BadCredentials);
        return (new GenesysCaller(key.TenantId, ReaderOf(key.UserId, "key:" + key.Id.ToString(CultureInfo.InvariantCulture)),
            key.UserId, key.Permissions, key.UserId is { } u ? Actor.User(u) : Actor.ApiKey(key.Id)), null);
    }

    private static string ReaderOf(long? userId, string fallback) => userId is { } u ? "user:" + u.ToString(CultureInfo.InvariantCulture) : fallback;

    /// <summary>Parses <c>Authorization: Basic base64(clientId:secret)</c>; null when absent or malformed.</summary>
    public static (string ClientId, string Secret)? BasicCredentials(string? header)
    {
        if (header is null || !header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return null;
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
            var colon = decoded.IndexOf(':');
            return colon <= 0 ? null : (decoded[..colon], decoded[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>OAuth clients (created once, secret shown once) and the client-credentials grant.</summary>
internal sealed class GenesysOAuth(SqlGenesysStore store, TimeProvider time)
{
    public async Task<(GenesysOAuthClientRecord Record, string Secret)> CreateClientAsync(Guid tenantId, string name, IReadOnlyList<string> permissions, long? userId, CancellationToken ct)
    {
        var secret = Random(32);
        var record = new GenesysOAuthClientRecord(0, tenantId, Guid.NewGuid().ToString(), name, ApiKeys.Hash(secret), permissions, userId, time.GetUtcNow(), null);
        var id = await store.CreateClientAsync(record, ct);
        return (record with { Id = id }, secret);
    }

    /// <summary>Issues a token for valid, unrevoked client credentials; null otherwise.</summary>
    public async Task<GenesysToken?> IssueAsync(string clientId, string secret, CancellationToken ct)
    {
        var client = await store.FindClientAsync(clientId, ct);
        if (client is null || client.RevokedAt is not null || !CryptographicOperations.FixedTimeEquals(client.SecretHash, ApiKeys.Hash(secret))) return null;
        var token = GenesysAuth.TokenPrefix + Random(32);
        var now = time.GetUtcNow();
        await store.StoreTokenAsync(ApiKeys.Hash(token), client.Id, now.AddSeconds(GenesysAuth.TokenLifetimeSeconds), now, ct);
        return new GenesysToken(token, "bearer", GenesysAuth.TokenLifetimeSeconds);
    }

    private static string Random(int bytes)
    {
        var buffer = RandomNumberGenerator.GetBytes(bytes);
        return Convert.ToBase64String(buffer).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
