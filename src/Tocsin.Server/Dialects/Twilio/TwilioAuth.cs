using System.Text;
using Tocsin.Core.Tenancy;
using Tocsin.Server.Auth;
using Tocsin.Storage;

namespace Tocsin.Server.Dialects.Twilio;

/// <summary>
/// Twilio's HTTP Basic: username the tenant's account SID (<c>AC</c> + the tenant id) or an API key SID (<c>SK…</c>),
/// password any Tocsin API key of that tenant. Runs as the group's endpoint filter so that every refusal is in Twilio's
/// error body; it also sends the seed's CORS headers and checks that <c>{InstanceSid}</c> belongs to the caller's tenant.
/// </summary>
internal static class TwilioAuth
{
    public const string Scheme = "Twilio";
    public const string AccountHeader = "I-Twilio-Auth-Account";

    public static async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var c = context.HttpContext;
        AddCors(c.Response);
        if (!TryReadBasic(c.Request.Headers.Authorization.ToString(), out var user, out var password))
            return TwilioErrors.Unauthorized("No credentials provided; use HTTP Basic with your account SID and a Tocsin API key");
        var key = await c.RequestServices.GetRequiredService<ApiKeyCache>().ResolveAsync(password, c.RequestAborted);
        var account = key is null ? null : AccountSid(key.TenantId);
        var userMatches = account is not null && (string.Equals(user, account, StringComparison.OrdinalIgnoreCase) || TwilioSid.IsValid(user, TwilioSid.ApiKey));
        if (!userMatches) return TwilioErrors.Unauthorized("invalid username/password combination");
        if (c.Request.Headers[AccountHeader] is { Count: > 0 } h && !string.Equals(h.ToString(), account, StringComparison.OrdinalIgnoreCase))
            return TwilioErrors.Unauthorized($"{AccountHeader} does not match the authenticated account");

        var needed = HttpMethods.IsGet(c.Request.Method) ? Permission.AlertsRead : Permission.AlertsWrite;
        if (!key!.Permissions.Contains(needed) && !key.Permissions.Contains(Permission.Admin))
            return TwilioErrors.Error(403, TwilioErrors.Forbidden, $"This API key lacks the {needed} permission");
        c.User = Caller.ToPrincipal(key, Scheme);

        if (c.Request.RouteValues.TryGetValue("InstanceSid", out var raw) && raw is string instance)
        {
            if (!TwilioSid.IsValid(instance, TwilioSid.Instance))
                return TwilioErrors.Invalid("InstanceSid", $"'{instance}' is not a Flex instance SID (GO followed by 32 hex digits)");
            if (!await OwnsInstanceAsync(c.RequestServices.GetRequiredService<ITwilioStore>(), key.TenantId, Normalize(instance), c.RequestAborted))
                return TwilioErrors.NotFound(c.Request);
        }
        return await next(context);
    }

    public static string AccountSid(Guid tenantId) => TwilioSid.ForTenant(TwilioSid.Account, tenantId);

    public static string DefaultInstanceSid(Guid tenantId) => TwilioSid.ForTenant(TwilioSid.Instance, tenantId);

    /// <summary>Prefix kept, hex lowercased: how SIDs are stored and compared.</summary>
    public static string Normalize(string sid) => sid[..2] + sid[2..].ToLowerInvariant();

    public static async Task<IReadOnlyList<string>> InstancesAsync(ITwilioStore store, Guid tenantId, CancellationToken ct) =>
        [DefaultInstanceSid(tenantId), .. await store.ListInstancesAsync(tenantId, ct)];

    private static async Task<bool> OwnsInstanceAsync(ITwilioStore store, Guid tenantId, string instance, CancellationToken ct) =>
        (await InstancesAsync(store, tenantId, ct)).Contains(instance, StringComparer.Ordinal);

    /// <summary>The response headers the seed lists for every operation.</summary>
    public static void AddCors(HttpResponse response)
    {
        var h = response.Headers;
        h.AccessControlAllowOrigin = "*";
        h.AccessControlAllowMethods = "GET, POST, DELETE, OPTIONS";
        h.AccessControlAllowHeaders = "Content-Type, Authorization, " + AccountHeader;
        h.AccessControlAllowCredentials = "true";
        h.AccessControlExposeHeaders = "Content-Type";
    }

    private static bool TryReadBasic(string header, out string user, out string password)
    {
        user = password = "";
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return false;
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
            var colon = decoded.IndexOf(':');
            if (colon <= 0 || colon == decoded.Length - 1) return false;
            (user, password) = (decoded[..colon], decoded[(colon + 1)..]);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
