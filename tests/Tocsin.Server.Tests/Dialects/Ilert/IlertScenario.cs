using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Tocsin.Server.Tests.Infrastructure;

namespace Tocsin.Server.Tests.Dialects.Ilert;

/// <summary>Sets up users, policies and sources through the ilert API itself, as an ilert client would.</summary>
public sealed class IlertScenario : IAsyncDisposable
{
    public const string Base = "/compat/ilert/api";

    private IlertScenario(TocsinApp app)
    {
        App = app;
        Client = app.CreateClient(null);
        Client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer " + TocsinApp.AdminKey);
    }

    public TocsinApp App { get; }
    public HttpClient Client { get; private set; }

    /// <summary>Restarts the server on the same data; the new host listens on a new port, so the ilert client is made anew.</summary>
    public async Task RestartAsync()
    {
        await App.RestartAsync();
        Client.Dispose();
        Client = App.CreateClient(null);
        Client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer " + TocsinApp.AdminKey);
    }

    public static async Task<IlertScenario> StartAsync() => new(await TocsinApp.StartAsync());

    /// <param name="services">Extra registrations (for instance notification options for a real webhook receiver).</param>
    public static async Task<IlertScenario> StartAsync(Action<Microsoft.Extensions.DependencyInjection.IServiceCollection> services) =>
        new(await TocsinApp.StartAsync(services: services));

    public async Task<JsonNode> SendAsync(HttpMethod method, string path, object? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, Base + path);
        if (body is not null) request.Content = JsonContent.Create(body);
        var response = await Client.SendAsync(request);
        return (await response.StatusAsync(expected))!;
    }

    public Task<JsonNode> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null, HttpStatusCode.OK);

    public async Task<long> UserAsync(string first, string last)
    {
        var body = await SendAsync(HttpMethod.Post, "/users", new { firstName = first, lastName = last, email = $"{first.ToLowerInvariant()}@example.com", timezone = "Europe/Berlin", language = "en", role = "USER" }, HttpStatusCode.Created);
        return body["id"]!.GetValue<long>();
    }

    /// <summary>One rule per user with the given timeout in minutes.</summary>
    public async Task<long> PolicyAsync(params (long User, int Minutes)[] rules)
    {
        var body = await SendAsync(HttpMethod.Post, "/escalation-policies", new
        {
            name = "Primary",
            escalationRules = rules.Select(r => new { escalationTimeout = r.Minutes, users = new[] { new { id = r.User } } }).ToArray(),
        }, HttpStatusCode.Created);
        return body["id"]!.GetValue<long>();
    }

    public async Task<(long Id, string Key)> SourceAsync(long policyId, string name = "Checkout", object? supportHours = null, string rule = "HIGH")
    {
        var body = await SendAsync(HttpMethod.Post, "/alert-sources", new
        {
            name, integrationType = "API", escalationPolicy = new { id = policyId }, alertPriorityRule = rule, supportHours,
        }, HttpStatusCode.Created);
        return (body["id"]!.GetValue<long>(), body["integrationKey"]!.GetValue<string>());
    }

    /// <summary>Posts an event without any Authorization header (the integration key is the credential) and returns the 202 body.</summary>
    public async Task<JsonNode> EventAsync(string key, string eventType, string? alertKey = null, string? summary = "Checkout down", object? extra = null)
    {
        var body = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(extra ?? new { }))!.AsObject();
        body["integrationKey"] = key;
        body["eventType"] = eventType;
        if (alertKey is not null) body["alertKey"] = alertKey;
        if (summary is not null) body["summary"] = summary;
        using var anonymous = App.CreateClient(null);
        var response = await anonymous.PostAsync(Base + "/events", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        return (await response.StatusAsync(HttpStatusCode.Accepted))!;
    }

    public async Task<long> AlertFromEventAsync(string key, string alertKey, string summary = "Checkout down", object? extra = null)
    {
        await EventAsync(key, "ALERT", alertKey, summary, extra);
        var list = (await GetAsync("/alerts?max-results=100")).AsArray();
        return list.Last(a => a!["alertKey"]?.GetValue<string>() == alertKey)!["id"]!.GetValue<long>();
    }

    /// <summary>Asserts ilert's error body <c>{status, message, code}</c> (not problem+json) and returns it.</summary>
    public static async Task<JsonNode> ErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = (await response.StatusAsync(status))!;
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/json");
        body["status"]!.GetValue<int>().ShouldBe((int)status);
        body["code"]!.GetValue<string>().ShouldBe(code);
        body["message"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        IlertSchema.AssertSchema(body, "RestError");
        return body;
    }

    public ValueTask DisposeAsync()
    {
        Client.Dispose();
        return App.DisposeAsync();
    }
}

internal static class IlertHeaders
{
    public static HttpClient WithRawKey(this HttpClient client, string key)
    {
        client.DefaultRequestHeaders.Authorization = null;
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", key);
        return client;
    }

    public static HttpClient WithBearer(this HttpClient client, string key)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }
}
