using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Tocsin.Core.Escalation;
using Tocsin.Core.Tenancy;
using Tocsin.Server.Tests.Infrastructure;

namespace Tocsin.Server.Tests.OnCall;

/// <summary>Seeds users, policies and sources through the API and reads escalation results back; shared by the #3 tests.</summary>
public static class OnCallScenario
{
    public static async Task<long> UserAsync(this TocsinApp app, string name, HttpClient? client = null)
    {
        var r = await (client ?? app.Client).PostAsJsonAsync("/api/v1/users", new { name, email = $"{name.ToLowerInvariant()}@example.com", timeZone = "Europe/Berlin" });
        return (await r.StatusAsync(HttpStatusCode.Created))!["id"]!.GetValue<long>();
    }

    public static async Task<JsonNode> PostOkAsync(this HttpClient client, string path, object body, HttpStatusCode expected = HttpStatusCode.Created) =>
        (await (await client.PostAsJsonAsync(path, body)).StatusAsync(expected))!;

    /// <summary>A policy where each rule pages one user, with the given timeouts in minutes.</summary>
    public static async Task<long> PolicyAsync(this TocsinApp app, (long User, int Minutes)[] rules, int repeat = 0)
    {
        var body = new
        {
            name = "Primary",
            repeat,
            rules = rules.Select(r => new { timeoutMinutes = r.Minutes, targets = new[] { new { kind = "user", id = r.User } } }).ToArray(),
        };
        return (await app.Client.PostOkAsync("/api/v1/escalation-policies", body))["id"]!.GetValue<long>();
    }

    public static async Task<(long Id, string Key)> SourceAsync(this TocsinApp app, long? policyId, object? extra = null)
    {
        var body = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(extra ?? new { }))!.AsObject();
        body["name"] = "Checkout";
        if (policyId is not null) body["escalationPolicyId"] = policyId;
        var node = await app.Client.PostOkAsync("/api/v1/sources", body);
        return (node["id"]!.GetValue<long>(), node["integrationKey"]!.GetValue<string>());
    }

    public static async Task<long> TriggerFromAsync(this TocsinApp app, string integrationKey, string summary = "Checkout down", string? dedupKey = null)
    {
        var r = await app.SendEventsAsync(new { integrationKey, summary, dedupKey });
        return r["results"]![0]!["alertId"]!.GetValue<long>();
    }

    public static Task<int> RunEscalationAsync(this TocsinApp app) =>
        app.Services.GetRequiredService<EscalationRunner>().RunOnceAsync(CancellationToken.None);

    public static async Task<Guid> DefaultTenantAsync(this TocsinApp app) =>
        (await app.Services.GetRequiredService<ITenantStore>().ListTenantsAsync(default))[0].Id;

    public static async Task<IReadOnlyList<OutboxMessage>> OutboxAsync(this TocsinApp app, long alertId) =>
        await app.Services.GetRequiredService<IEscalationStore>().OutboxAsync(await app.DefaultTenantAsync(), alertId, default);

    /// <summary>Outbox rows as "event:userId" in order, the shape most assertions want.</summary>
    /// <summary>Outbox rows as "event:user", without the acknowledged/resolved status updates sent to whoever was paged (#4).</summary>
    public static async Task<string[]> PagesAsync(this TocsinApp app, long alertId) =>
        (await app.OutboxAsync(alertId)).Where(m => m.EventType is not ("acknowledged" or "resolved")).Select(m => $"{m.EventType}:{m.UserId}").ToArray();

    public static async Task<JsonArray> TimelineAsync(this TocsinApp app, long alertId) =>
        (await app.Client.GetFromJsonAsync<JsonNode>($"/api/v1/alerts/{alertId}/timeline"))!["items"]!.AsArray();

    public static async Task<string> StatusOfAsync(this TocsinApp app, long alertId) =>
        (await app.Client.GetFromJsonAsync<JsonNode>($"/api/v1/alerts/{alertId}"))!["status"]!.GetValue<string>();
}
