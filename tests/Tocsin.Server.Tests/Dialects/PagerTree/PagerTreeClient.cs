using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Tocsin.Core.Tenancy;
using Tocsin.Server.Tests.Infrastructure;
using Tocsin.Server.Tests.OnCall;

namespace Tocsin.Server.Tests.Dialects.PagerTree;

/// <summary>Talks to /compat/pagertree the way PagerTree's docs do: raw <c>Authorization: &lt;token&gt;</c>, JSON bodies.</summary>
public static class PagerTreeClient
{
    public const string Base = "/compat/pagertree";

    public static HttpClient PagerTree(this TocsinApp app, string key = TocsinApp.AdminKey)
    {
        var client = app.CreateClient(null);
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", key);
        return client;
    }

    /// <summary>A PagerTree client whose key is bound to <paramref name="userId"/>, so actions are recorded as that user.</summary>
    public static async Task<HttpClient> PagerTreeAsUserAsync(this TocsinApp app, long userId, params string[] permissions)
    {
        var tenant = await app.DefaultTenantAsync();
        var (_, secret) = await app.Services.GetRequiredService<TenantService>()
            .CreateKeyAsync(tenant, "user", permissions.Length == 0 ? [Permission.AlertsRead, Permission.AlertsWrite] : permissions, userId, default);
        return app.PagerTree(secret);
    }

    public static Task<HttpResponseMessage> SendJsonAsync(this HttpClient client, HttpMethod method, string path, string? json)
    {
        var request = new HttpRequestMessage(method, Base + path);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        return client.SendAsync(request);
    }

    public static async Task<JsonNode> OkAsync(this HttpClient client, HttpMethod method, string path, string? json = null) =>
        (await (await client.SendJsonAsync(method, path, json)).StatusAsync(HttpStatusCode.OK))!;

    public static async Task<JsonNode> CreateAsync(this HttpClient client, string json) => await client.OkAsync(HttpMethod.Post, "/alert", json);

    public static Task<JsonNode> ActAsync(this HttpClient client, string alertId, string action) =>
        client.OkAsync(HttpMethod.Post, $"/alert/{alertId}/{action}");

    /// <summary>Asserts PagerTree's error shape (<c>{"errors":[{"message":…}]}</c>, plain JSON, never problem+json) and returns the message.</summary>
    public static async Task<string> PagerTreeErrorAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.StatusAsync(expected);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/json");
        body.ShouldNotBeNull();
        var errors = body!["errors"]!.AsArray();
        errors.Count.ShouldBe(1);
        var message = errors[0]!["message"]!.GetValue<string>();
        message.ShouldNotBeNullOrWhiteSpace();
        return message;
    }

    public static async Task<long> TeamAsync(this TocsinApp app, string name, params long[] users) =>
        (await app.Client.PostOkAsync("/api/v1/teams", new { name, members = users.Select(u => new { kind = "user", id = u, role = "member" }).ToArray() }))["id"]!.GetValue<long>();

    public static long Number(this JsonNode alert) => long.Parse(alert["id"]!.GetValue<string>()["alt_".Length..], System.Globalization.CultureInfo.InvariantCulture);
}
