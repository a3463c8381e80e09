namespace Tocsin.Server.WebConsole;

// The folder is Console/, but the namespace is WebConsole: a Tocsin.Server.Console namespace would shadow System.Console
// for every file under Tocsin.Server.*.

/// <summary>
/// The console's session cookie. It holds the API key itself (HttpOnly, so page scripts never see it), which keeps sessions
/// stateless across restarts and makes revoking the key end the session, without a server-side session table.
/// </summary>
internal static class ConsoleCookie
{
    public const string Name = "tocsin_console";

    /// <summary>Custom header the console's fetch wrapper adds to every request; see ApiKeyAuthenticationHandler for why.</summary>
    public const string CsrfHeader = "X-Tocsin-Console";

    /// <summary>A working day and then some: long enough for a shift, short enough that a forgotten browser logs out.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    public static bool IsSafeMethod(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);

    public static bool HasCsrfHeader(HttpRequest request) => request.Headers[CsrfHeader] == "1";

    public static void Set(HttpResponse response, string key) =>
        response.Cookies.Append(Name, key, Options(response.HttpContext.Request, Lifetime));

    public static void Clear(HttpResponse response) =>
        response.Cookies.Delete(Name, Options(response.HttpContext.Request, null));

    private static CookieOptions Options(HttpRequest request, TimeSpan? maxAge) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = request.IsHttps,
        Path = "/",
        MaxAge = maxAge,
        IsEssential = true,
    };
}
