using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Tocsin.Core.Tenancy;
using Tocsin.Server.Tests.Infrastructure;

namespace Tocsin.Server.Tests.Dialects.Ibm;

/// <summary>An IBM client as the seed's curl lines build it: base URL + /compat/ibm, Authorization, IBMInstanceID, content-type on every call.</summary>
internal static class IbmTestApi
{
    public const string Alerts = "/compat/ibm/api/alerts";

    public static async Task<Guid> DefaultTenantAsync(this TocsinApp app) =>
        (await app.Services.GetRequiredService<ITenantStore>().ListTenantsAsync(default))[0].Id;

    /// <summary>IBM style: <c>Authorization: Bearer &lt;key&gt;</c> plus <c>IBMInstanceID</c> (the tenant id), optionally <c>TeamID</c>.</summary>
    public static async Task<HttpClient> IbmClientAsync(this TocsinApp app, string key = TocsinApp.AdminKey, Guid? instance = null, long? team = null)
    {
        var client = app.CreateClient(null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        client.DefaultRequestHeaders.Add("IBMInstanceID", (instance ?? await app.DefaultTenantAsync()).ToString());
        if (team is { } t) client.DefaultRequestHeaders.Add("TeamID", t.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return client;
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string json) => client.PostAsync(Alerts, Json(json));

    public static Task<HttpResponseMessage> PutRawAsync(this HttpClient client, long id, string json) => client.PutAsync($"{Alerts}/{id}", Json(json));

    /// <summary>Creates an alert and returns the <c>alert</c> object of the 200 response.</summary>
    public static async Task<JsonNode> CreateIbmAlertAsync(this HttpClient client, string json) =>
        (await (await client.PostRawAsync(json)).StatusAsync(HttpStatusCode.OK))!["alert"]!;

    public static string Manual(string name, string condition = "avg(timeAvg(uptime)) <= 0", string extra = "") =>
        $$$"""{"alert":{"type":"MANUAL","name":"{{{name}}}","condition":"{{{condition}}}","timespan":60000000{{{extra}}}}}""";

    /// <summary>Asserts the Sysdig error body <c>{"errors":[{"reason","message"}]}</c> and returns the first message.</summary>
    public static async Task<string> IbmErrorAsync(this HttpResponseMessage response, HttpStatusCode status, string messageStartsWith)
    {
        var body = (await response.StatusAsync(status))!;
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/json");
        body["type"].ShouldBeNull(); // never problem+json
        var errors = body["errors"]!.AsArray();
        errors.Count.ShouldBeGreaterThan(0);
        errors[0]!["reason"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        var message = errors[0]!["message"]!.GetValue<string>();
        message.ShouldStartWith(messageStartsWith, Case.Sensitive, $"message was: {message}");
        return message;
    }
}

/// <summary>One server shared by the stateless bad-input theories (each case fails before anything is stored).</summary>
public sealed class IbmAppFixture : IAsyncLifetime
{
    public TocsinApp App { get; private set; } = null!;

    public async Task InitializeAsync() => App = await TocsinApp.StartAsync();

    // xunit disposes the fixture even when every test of the class was skipped and InitializeAsync never ran.
    public async Task DisposeAsync()
    {
        if (App is not null) await App.DisposeAsync();
    }
}
