using Microsoft.AspNetCore.StaticFiles;
using Tocsin.Core.OnCall;
using Tocsin.Core.Tenancy;
using Tocsin.Server.Api;
using Tocsin.Server.Auth;

namespace Tocsin.Server.WebConsole;

/// <summary>The web console: its static files at <c>/</c> and the small cookie-session API under <c>/console</c>.</summary>
internal static class ConsoleEndpoints
{
    /// <summary>
    /// Script, style and API calls only to this origin; alert images may come from anywhere over http(s) because monitoring
    /// tools link graphs from their own hosts. No framing (clickjacking on the acknowledge buttons).
    /// </summary>
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https: http:; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

    public static IApplicationBuilder UseConsoleFiles(this WebApplication app)
    {
        var files = new ConsoleFiles();
        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".js"] = "text/javascript; charset=utf-8";
        types.Mappings[".css"] = "text/css; charset=utf-8";
        types.Mappings[".html"] = "text/html; charset=utf-8";
        types.Mappings[".svg"] = "image/svg+xml";
        app.Use((context, next) =>
        {
            // The console is one page with hash routes, so "/" is the only path that needs mapping to a file.
            if (context.Request.Path == "/") context.Request.Path = "/index.html";
            return next(context);
        });
        return app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            ContentTypeProvider = types,
            OnPrepareResponse = r =>
            {
                var h = r.Context.Response.Headers;
                h.CacheControl = "no-cache"; // unfingerprinted files: always revalidate (cheap, ETag) so an upgrade is seen at once
                h.XContentTypeOptions = "nosniff";
                h["Referrer-Policy"] = "no-referrer";
                h.ContentSecurityPolicy = ContentSecurityPolicy;
            },
        });
    }

    public static RouteGroupBuilder MapConsole(this WebApplication app)
    {
        var group = app.MapGroup("/console").WithTags("Console");
        group.MapPost("/login", LoginAsync).AllowAnonymous().Accepts<ConsoleLoginRequest>("application/json")
            .WithSummary("Validate an API key and keep it in an HttpOnly session cookie (send X-Tocsin-Console: 1)");
        group.MapPost("/logout", Logout).AllowAnonymous().WithSummary("Clear the console session cookie (send X-Tocsin-Console: 1)");
        group.MapGet("/session", SessionAsync).RequireAuthorization().WithSummary("Who the console is logged in as");
        return group;
    }

    private static async Task<IResult> LoginAsync(HttpContext c, ApiKeyCache keys, ITenantStore tenants, IUserStore users, CancellationToken ct)
    {
        // Login CSRF (a page logging the victim in as the attacker) is stopped the same way as other forgeries.
        if (!ConsoleCookie.HasCsrfHeader(c.Request)) return MissingCsrfHeader();
        var body = await ApiBody.ReadJsonAsync(c.Request, ConsoleJson.Default.ConsoleLoginRequest, ct);
        if (!body.IsOk) return ApiProblems.From(body.Error!);
        var presented = body.Value!.Key?.Trim();
        if (string.IsNullOrEmpty(presented)) return ApiProblems.Validation("key", "paste an API key");
        var key = await keys.ResolveAsync(presented, ct);
        if (key is null) return ApiProblems.Problem(StatusCodes.Status401Unauthorized, "Unauthorized", "key: unknown or revoked API key", "key");
        ConsoleCookie.Set(c.Response, presented);
        return await SessionOf(key.TenantId, key.Id, key.UserId, key.Permissions, tenants, users, ct);
    }

    private static IResult Logout(HttpContext c)
    {
        if (!ConsoleCookie.HasCsrfHeader(c.Request)) return MissingCsrfHeader();
        ConsoleCookie.Clear(c.Response);
        return TypedResults.NoContent();
    }

    private static Task<IResult> SessionAsync(HttpContext c, ITenantStore tenants, IUserStore users, CancellationToken ct)
    {
        var caller = c.Caller();
        return SessionOf(caller.TenantId, caller.KeyId, caller.UserId, caller.Permissions, tenants, users, ct);
    }

    private static async Task<IResult> SessionOf(Guid tenantId, long keyId, long? userId, IReadOnlyList<string> permissions, ITenantStore tenants, IUserStore users,
        CancellationToken ct)
    {
        var tenant = await tenants.GetTenantAsync(tenantId, ct);
        var user = userId is { } id ? await users.GetAsync(tenantId, id, ct) : null;
        return TypedResults.Json(new ConsoleSessionDto(tenantId, tenant?.Name ?? "", keyId, permissions, userId, user?.Name), ConsoleJson.Default.ConsoleSessionDto);
    }

    private static IResult MissingCsrfHeader() =>
        ApiProblems.Problem(StatusCodes.Status403Forbidden, "Forbidden", $"console requests must carry {ConsoleCookie.CsrfHeader}: 1", ConsoleCookie.CsrfHeader);
}
