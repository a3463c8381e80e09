using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Tocsin.Core.Tenancy;
using Tocsin.Server.Tests.Infrastructure;

namespace Tocsin.Server.Tests.Dialects.Genesys;

/// <summary>Steps shared by the Genesys dialect tests.</summary>
internal static class GenesysTestApi
{
    public const string RulesUrl = "/compat/genesys/api/v2/alerting/interactionstats/rules";
    public const string AlertsUrl = "/compat/genesys/api/v2/alerting/interactionstats/alerts";
    public const string ActiveUrl = "/compat/genesys/api/v2/alerting/alerts/active";
    public const string QueueId = "6f3c1f0a-4b7e-4a57-9a52-1c3d0e2b9f11";

    /// <summary>The reference's §9 request example, with a real user of this server.</summary>
    public static object RuleBody(string userGuid, string name = "Queue A abandon > 30s", string metric = "tAbandon", string statistic = "max",
        string numericRange = "gt", double value = 30000, string mediaType = "voice") => new
    {
        name, dimension = "queueId", dimensionValue = QueueId, metric, mediaType, numericRange, statistic, value,
        enabled = true, notificationUsers = new[] { new { id = userGuid } }, alertTypes = new[] { "EMAIL", "DEVICE" },
    };

    public static async Task<(long Id, string Guid)> CreateUserAsync(this TocsinApp app, string name = "Ada Agent", string email = "ada@example.com", HttpClient? client = null)
    {
        var response = await (client ?? app.Client).PostAsJsonAsync("/api/v1/users", new { name, email });
        var id = (await response.StatusAsync(HttpStatusCode.Created))!["id"]!.GetValue<long>();
        return (id, Tocsin.Server.Dialects.Genesys.GenesysMapping.ToGuid(Tocsin.Server.Dialects.Genesys.GenesysMapping.UserKind, id));
    }

    public static async Task<JsonNode> CreateGenesysRuleAsync(this HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync(RulesUrl, body);
        return (await response.StatusAsync(HttpStatusCode.OK))!;
    }

    /// <summary>A key bound to a user (the per-user unread/active counts), in the default tenant.</summary>
    public static async Task<HttpClient> UserClientAsync(this TocsinApp app, long userId, params string[] permissions)
    {
        var tenant = (await app.Services.GetRequiredService<ITenantStore>().ListTenantsAsync(default))[0].Id;
        var (_, secret) = await app.Services.GetRequiredService<TenantService>().CreateKeyAsync(tenant, "user key",
            permissions.Length == 0 ? [Permission.AlertsRead, Permission.AlertsWrite] : permissions, userId, default);
        return app.CreateClient(secret);
    }

    public static async Task<HttpResponseMessage> TokenAsync(this TocsinApp app, string clientId, string secret, string form = "grant_type=client_credentials")
    {
        using var anonymous = app.CreateClient(null);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/compat/genesys/oauth/token")
        {
            Content = new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{secret}")));
        return await anonymous.SendAsync(request);
    }

    /// <summary>Asserts a Genesys ErrorBody with the status and code, contextId echoed in inin-correlation-id; returns it.</summary>
    public static async Task<JsonNode> GenesysErrorAsync(this HttpResponseMessage response, HttpStatusCode status, string code, string? field = null)
    {
        var body = (await response.StatusAsync(status))!;
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/json");
        body["code"]!.GetValue<string>().ShouldBe(code);
        body["status"]!.GetValue<int>().ShouldBe((int)status);
        body["message"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        body["messageWithParams"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        body["messageParams"].ShouldBeOfType<JsonObject>();
        var contextId = body["contextId"]!.GetValue<string>();
        Guid.TryParse(contextId, out _).ShouldBeTrue();
        response.Headers.GetValues("inin-correlation-id").Single().ShouldBe(contextId);
        body["details"].ShouldBeOfType<JsonArray>();
        body["errors"].ShouldBeOfType<JsonArray>();
        if (field is not null) body["details"]![0]!["fieldName"]!.GetValue<string>().ShouldBe(field);
        return body;
    }

    public static HttpRequestMessage Json(HttpMethod method, string url, string json) =>
        new(method, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
}
