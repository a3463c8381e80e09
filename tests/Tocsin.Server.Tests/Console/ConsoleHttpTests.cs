using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Tocsin.Server.Tests.Infrastructure;
using Tocsin.Server.WebConsole;

namespace Tocsin.Server.Tests.WebConsole;

/// <summary>The console's HTTP surface without a browser: static files, cookie session, CSRF header.</summary>
public sealed class ConsoleHttpTests
{
    private static HttpClient CookieClient(TocsinApp app, CookieContainer jar) =>
        new(new HttpClientHandler { CookieContainer = jar, UseCookies = true }) { BaseAddress = new Uri(app.BaseUrl) };

    private static HttpRequestMessage ConsoleRequest(HttpMethod method, string path, object? body = null)
    {
        var r = new HttpRequestMessage(method, path);
        r.Headers.Add(ConsoleCookie.CsrfHeader, "1");
        if (body is not null) r.Content = JsonContent.Create(body);
        return r;
    }

    private static async Task<HttpClient> LoggedInAsync(TocsinApp app, CookieContainer jar, string key = TocsinApp.AdminKey)
    {
        var client = CookieClient(app, jar);
        await (await client.SendAsync(ConsoleRequest(HttpMethod.Post, "/console/login", new { key }))).StatusAsync(HttpStatusCode.OK);
        return client;
    }

    [Fact]
    public async Task Root_ServesConsoleWithSecurityHeaders()
    {
        await using var app = await TocsinApp.StartAsync();
        using var anon = app.CreateClient(null);
        var index = await anon.GetAsync("/");
        index.StatusCode.ShouldBe(HttpStatusCode.OK);
        index.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        (await index.Content.ReadAsStringAsync()).ShouldContain("/js/app.js");
        index.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("frame-ancestors 'none'");
        var script = await anon.GetAsync("/js/pages/alerts.js");
        script.StatusCode.ShouldBe(HttpStatusCode.OK);
        script.Content.Headers.ContentType!.MediaType.ShouldBe("text/javascript");
        (await anon.GetAsync("/css/console.css")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await anon.GetAsync("/js/nope.js")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Login_ValidKey_SetsHttpOnlyStrictCookie()
    {
        await using var app = await TocsinApp.StartAsync();
        using var client = CookieClient(app, new CookieContainer());
        var response = await client.SendAsync(ConsoleRequest(HttpMethod.Post, "/console/login", new { key = TocsinApp.AdminKey }));
        var session = (await response.StatusAsync(HttpStatusCode.OK))!;
        session["tenantName"]!.GetValue<string>().ShouldBe("default");
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(ConsoleCookie.Name + "=", StringComparison.Ordinal));
        cookie.ShouldContain("httponly", Case.Insensitive);
        cookie.ShouldContain("samesite=strict", Case.Insensitive);
        cookie.ShouldContain("path=/");
        cookie.ShouldNotContain("secure", Case.Insensitive); // plain HTTP here; set when the request is HTTPS
    }

    [Fact]
    public async Task Login_UnknownKey_Returns401NamingKeyField()
    {
        await using var app = await TocsinApp.StartAsync();
        using var client = CookieClient(app, new CookieContainer());
        var response = await client.SendAsync(ConsoleRequest(HttpMethod.Post, "/console/login", new { key = "tcs_wrong-0000000000000000000000000000" }));
        await response.ProblemAsync(HttpStatusCode.Unauthorized, "key");
        response.Headers.Contains("Set-Cookie").ShouldBeFalse();
        await (await client.SendAsync(ConsoleRequest(HttpMethod.Post, "/console/login", new { key = "" }))).ProblemAsync(HttpStatusCode.BadRequest, "key");
    }

    [Fact]
    public async Task Login_WithoutConsoleHeader_IsForbidden()
    {
        await using var app = await TocsinApp.StartAsync();
        using var client = CookieClient(app, new CookieContainer());
        var response = await client.PostAsJsonAsync("/console/login", new { key = TocsinApp.AdminKey });
        await response.ProblemAsync(HttpStatusCode.Forbidden, ConsoleCookie.CsrfHeader);
        response.Headers.Contains("Set-Cookie").ShouldBeFalse();
    }

    [Fact]
    public async Task CookiePost_WithoutConsoleHeader_IsRejected()
    {
        await using var app = await TocsinApp.StartAsync();
        var id = await app.TriggerAsync("Disk full");
        using var client = await LoggedInAsync(app, new CookieContainer());

        // What a forged cross-site form post looks like: the cookie, but no custom header.
        var forged = await client.PostAsync($"/api/v1/alerts/{id}/acknowledge", null);
        await forged.ProblemAsync(HttpStatusCode.Forbidden, ConsoleCookie.CsrfHeader);
        (await client.DeleteAsync($"/api/v1/alerts/{id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await client.PatchAsJsonAsync($"/api/v1/alerts/{id}", new { title = "x" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await (await app.Client.GetAsync($"/api/v1/alerts/{id}")).StatusAsync(HttpStatusCode.OK))!["status"]!.GetValue<string>().ShouldBe("triggered");

        // Reads need no header; writes with it succeed.
        await (await client.GetAsync($"/api/v1/alerts/{id}")).StatusAsync(HttpStatusCode.OK);
        var acked = await (await client.SendAsync(ConsoleRequest(HttpMethod.Post, $"/api/v1/alerts/{id}/acknowledge"))).StatusAsync(HttpStatusCode.OK);
        acked!["status"]!.GetValue<string>().ShouldBe("acknowledged");
    }

    [Fact]
    public async Task BearerPost_WithoutConsoleHeader_IsStillAllowed()
    {
        await using var app = await TocsinApp.StartAsync();
        var id = await app.TriggerAsync("Disk full");
        // The header only guards cookie sessions; API clients with a Bearer key are not forgeable by a browser.
        await (await app.Client.PostAsync($"/api/v1/alerts/{id}/acknowledge", null)).StatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Session_AfterLogout_Is401()
    {
        await using var app = await TocsinApp.StartAsync();
        using var client = await LoggedInAsync(app, new CookieContainer());
        (await (await client.GetAsync("/console/session")).StatusAsync(HttpStatusCode.OK))!["keyId"].ShouldNotBeNull();
        await (await client.SendAsync(ConsoleRequest(HttpMethod.Post, "/console/logout"))).StatusAsync(HttpStatusCode.NoContent);
        await (await client.GetAsync("/console/session")).StatusAsync(HttpStatusCode.Unauthorized);
        await (await client.GetAsync("/api/v1/alerts")).StatusAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task CookieOfRevokedKey_Is401()
    {
        await using var app = await TocsinApp.StartAsync();
        var created = (await (await app.Client.PostAsJsonAsync("/api/v1/keys", new { name = "c", permissions = new[] { "alerts:read" } })).StatusAsync(HttpStatusCode.Created))!;
        using var client = await LoggedInAsync(app, new CookieContainer(), created["secret"]!.GetValue<string>());
        await (await client.GetAsync("/api/v1/alerts")).StatusAsync(HttpStatusCode.OK);
        await (await app.Client.DeleteAsync($"/api/v1/keys/{created["key"]!["id"]}")).StatusAsync(HttpStatusCode.NoContent);
        await (await client.GetAsync("/api/v1/alerts")).StatusAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task CookieSession_OnlySeesOwnTenant()
    {
        await using var app = await TocsinApp.StartAsync();
        var mine = await app.TriggerAsync("Mine");
        using var other = await app.OtherTenantClientAsync();
        var otherKey = other.DefaultRequestHeaders.Authorization!.Parameter!;
        using var client = await LoggedInAsync(app, new CookieContainer(), otherKey);
        (await (await client.GetAsync("/console/session")).StatusAsync(HttpStatusCode.OK))!["tenantName"]!.GetValue<string>().ShouldBe("other");
        await (await client.GetAsync($"/api/v1/alerts/{mine}")).StatusAsync(HttpStatusCode.NotFound);
        (await (await client.GetAsync("/api/v1/alerts")).StatusAsync(HttpStatusCode.OK))!["items"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task MissingApi_Answers404WithoutDetail_SoConsoleCanSayNotAvailable()
    {
        await using var app = await TocsinApp.StartAsync();
        using var client = await LoggedInAsync(app, new CookieContainer());
        var body = (await (await client.GetAsync("/api/v1/schedules-not-yet")).StatusAsync(HttpStatusCode.NotFound)) as JsonObject;
        (body?["detail"]).ShouldBeNull();
    }
}
