using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Tocsin.Server.Tests.Infrastructure;
using static Tocsin.Server.Tests.Dialects.Genesys.GenesysTestApi;

namespace Tocsin.Server.Tests.Dialects.Genesys;

/// <summary>The client-credentials grant as the Genesys SDKs' loginClientCredentialsGrant performs it.</summary>
public sealed class GenesysOAuthTests
{
    private static async Task<(string ClientId, string Secret, long Id)> CreateClientAsync(TocsinApp app, params string[] permissions)
    {
        var response = await app.Client.PostAsJsonAsync("/api/v1/oauth-clients", new { name = "wfm scripts", permissions = permissions.Length == 0 ? ["alerts:read", "alerts:write"] : permissions });
        var body = (await response.StatusAsync(HttpStatusCode.Created))!;
        return (body["clientId"]!.GetValue<string>(), body["clientSecret"]!.GetValue<string>(), body["id"]!.GetValue<long>());
    }

    private static async Task<string> AccessTokenAsync(TocsinApp app, string clientId, string secret)
    {
        var token = (await (await app.TokenAsync(clientId, secret)).StatusAsync(HttpStatusCode.OK))!;
        token["token_type"]!.GetValue<string>().ShouldBe("bearer");
        token["expires_in"]!.GetValue<long>().ShouldBe(86399);
        return token["access_token"]!.GetValue<string>();
    }

    [Fact]
    public async Task Token_ClientCredentials_WorksAsBearer_SurvivesRestart_ExpiresOnFakeClock()
    {
        await using var app = await TocsinApp.StartAsync();
        var (clientId, secret, _) = await CreateClientAsync(app);
        Guid.TryParse(clientId, out _).ShouldBeTrue();
        var token = await AccessTokenAsync(app, clientId, secret);

        using (var genesys = app.CreateClient(token))
        {
            var (_, userGuid) = await app.CreateUserAsync();
            await genesys.CreateGenesysRuleAsync(RuleBody(userGuid));
            (await (await genesys.GetAsync(RulesUrl)).StatusAsync(HttpStatusCode.OK))!["total"]!.GetValue<long>().ShouldBe(1);
        }

        await app.RestartAsync();
        using (var afterRestart = app.CreateClient(token))
            (await afterRestart.GetAsync(RulesUrl)).StatusCode.ShouldBe(HttpStatusCode.OK);

        app.Clock.Advance(TimeSpan.FromSeconds(86399));
        using var expired = app.CreateClient(token);
        await (await expired.GetAsync(RulesUrl)).GenesysErrorAsync(HttpStatusCode.Unauthorized, "credentials.expired");
        await (await expired.GetAsync(ActiveUrl)).GenesysErrorAsync(HttpStatusCode.Unauthorized, "credentials.expired");
    }

    [Fact]
    public async Task Token_BadSecretOrUnknownClient_401InvalidClient()
    {
        await using var app = await TocsinApp.StartAsync();
        var (clientId, _, _) = await CreateClientAsync(app);
        foreach (var (id, secret) in new[] { (clientId, "wrong"), (Guid.NewGuid().ToString(), "wrong") })
        {
            var body = await (await app.TokenAsync(id, secret)).GenesysErrorAsync(HttpStatusCode.Unauthorized, "bad.credentials");
            body["error"]!.GetValue<string>().ShouldBe("invalid_client");
            body["description"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        }
    }

    [Fact]
    public async Task Token_WrongGrantOrNoBasicOrNotForm_400Or401()
    {
        await using var app = await TocsinApp.StartAsync();
        var (clientId, secret, _) = await CreateClientAsync(app);
        (await (await app.TokenAsync(clientId, secret, "grant_type=password")).GenesysErrorAsync(HttpStatusCode.BadRequest, "bad.request"))["error"]!
            .GetValue<string>().ShouldBe("unsupported_grant_type");
        using var anonymous = app.CreateClient(null);
        var noBasic = await anonymous.PostAsync("/compat/genesys/oauth/token", new FormUrlEncodedContent([new("grant_type", "client_credentials")]));
        (await noBasic.GenesysErrorAsync(HttpStatusCode.Unauthorized, "bad.credentials"))["error"]!.GetValue<string>().ShouldBe("invalid_client");
        var json = await anonymous.PostAsJsonAsync("/compat/genesys/oauth/token", new { grant_type = "client_credentials" });
        (await json.GenesysErrorAsync(HttpStatusCode.BadRequest, "bad.request"))["error"]!.GetValue<string>().ShouldBe("invalid_request");
    }

    [Fact]
    public async Task Token_UnknownOrRevokedClient_Bearer401()
    {
        await using var app = await TocsinApp.StartAsync();
        var (clientId, secret, id) = await CreateClientAsync(app);
        var token = await AccessTokenAsync(app, clientId, secret);
        using var forged = app.CreateClient("gcx_forged-token");
        await (await forged.GetAsync(RulesUrl)).GenesysErrorAsync(HttpStatusCode.Unauthorized, "bad.credentials");

        (await app.Client.DeleteAsync($"/api/v1/oauth-clients/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        using var revoked = app.CreateClient(token);
        await (await revoked.GetAsync(RulesUrl)).GenesysErrorAsync(HttpStatusCode.Unauthorized, "bad.credentials");
        (await app.TokenAsync(clientId, secret)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Token_ReadOnlyClient_WriteIs403NamingPermission()
    {
        await using var app = await TocsinApp.StartAsync();
        var (clientId, secret, _) = await CreateClientAsync(app, "alerts:read");
        using var genesys = app.CreateClient(await AccessTokenAsync(app, clientId, secret));
        (await genesys.GetAsync(RulesUrl)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await (await genesys.PostAsJsonAsync(RulesUrl, RuleBody(Guid.Empty.ToString()))).GenesysErrorAsync(HttpStatusCode.Forbidden, "missing.permissions"))["message"]!
            .GetValue<string>().ShouldContain("alerting:rule:add");
    }

    [Fact]
    public async Task OAuthClients_NativeApi_NeedsAdmin_ValidatesAndListsWithoutSecrets()
    {
        await using var app = await TocsinApp.StartAsync();
        using var reader = await app.ClientWithAsync(["alerts:read"]);
        (await reader.PostAsJsonAsync("/api/v1/oauth-clients", new { name = "x", permissions = new[] { "alerts:read" } })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        await (await app.Client.PostAsJsonAsync("/api/v1/oauth-clients", new { name = "x", permissions = new[] { "alerting:rule:add" } })).ProblemAsync(HttpStatusCode.BadRequest, "permissions");
        await (await app.Client.PostAsJsonAsync("/api/v1/oauth-clients", new { name = "x", permissions = new[] { "alerts:read" }, userId = 999 })).ProblemAsync(HttpStatusCode.BadRequest, "userId");
        await CreateClientAsync(app);
        var list = (await (await app.Client.GetAsync("/api/v1/oauth-clients")).StatusAsync(HttpStatusCode.OK))!.AsArray();
        list.Count.ShouldBe(1);
        list[0]!.AsObject().ContainsKey("clientSecret").ShouldBeFalse();
    }

    [Fact]
    public async Task CliKeysCreateOAuth_PrintsClientIdAndSecretOnce_TokenWorks()
    {
        await using var app = await TocsinApp.StartAsync();
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])[Path.Combine(AppContext.BaseDirectory, "tocsin.dll"), "keys", "create", "--oauth", "--name", "sdk", "--permission", "admin", .. app.CliDatabaseArgs])
            psi.ArgumentList.Add(a);
        psi.Environment["NO_COLOR"] = "1";
        using var p = Process.Start(psi)!;
        var stdout = await p.StandardOutput.ReadToEndAsync();
        var stderr = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        p.ExitCode.ShouldBe(0, stderr);
        var lines = stdout.Split('\n', StringSplitOptions.TrimEntries);
        var clientId = lines.Single(l => l.StartsWith("client_id: ", StringComparison.Ordinal))["client_id: ".Length..];
        var secret = lines.Single(l => l.StartsWith("client_secret: ", StringComparison.Ordinal))["client_secret: ".Length..];
        using var genesys = app.CreateClient(await AccessTokenAsync(app, clientId, secret));
        (await genesys.GetAsync(RulesUrl)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
