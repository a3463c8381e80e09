using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Tocsin.Server.Tests.Infrastructure;
using Tocsin.Server.Workers;

namespace Tocsin.Server.Tests.Rules;

/// <summary>
/// Steps shared by the rules and metrics tests. Samples are pushed with their timestamp *before* the clock reaches it
/// (the store accepts a few minutes of future skew): the background worker may tick as soon as the clock advances,
/// and it then sees exactly the data the explicit <see cref="EvaluateAsync"/> would, so the outcome is deterministic.
/// </summary>
internal static class RuleTestApi
{
    public static async Task PushAsync(this TocsinApp app, string name, double value, DateTimeOffset at, object? labels = null, HttpClient? client = null)
    {
        var response = await (client ?? app.Client).PostAsJsonAsync("/api/v1/metrics",
            new object[] { new { name, labels = labels ?? new { }, value, timestamp = at.ToUnixTimeMilliseconds() } });
        await response.StatusAsync(HttpStatusCode.Accepted);
    }

    public static async Task<HttpResponseMessage> PushTextAsync(this TocsinApp app, string exposition) =>
        await app.Client.PostAsync("/api/v1/metrics", new StringContent(exposition, Encoding.UTF8, "text/plain"));

    public static async Task<JsonNode> CreateRuleAsync(this TocsinApp app, object rule, HttpClient? client = null)
    {
        var response = await (client ?? app.Client).PostAsJsonAsync("/api/v1/rules", rule);
        return (await response.StatusAsync(HttpStatusCode.Created))!;
    }

    /// <summary>Advances the clock and runs one evaluation tick, as the worker would.</summary>
    public static async Task<RuleTick> StepAsync(this TocsinApp app, TimeSpan by)
    {
        app.Clock.Advance(by);
        return await app.EvaluateAsync();
    }

    public static Task<RuleTick> EvaluateAsync(this TocsinApp app) =>
        app.Services.GetRequiredService<RuleEvaluationRunner>().RunOnceAsync(CancellationToken.None);

    public static async Task<JsonArray> AlertsAsync(this TocsinApp app, string dedupKey, HttpClient? client = null)
    {
        var list = await (await (client ?? app.Client).GetAsync($"/api/v1/alerts?dedupKey={Uri.EscapeDataString(dedupKey)}")).StatusAsync(HttpStatusCode.OK);
        return list!["items"]!.AsArray();
    }

    public static async Task<JsonNode> StateAsync(this TocsinApp app, long ruleId) =>
        (await (await app.Client.GetAsync($"/api/v1/rules/{ruleId}/state")).StatusAsync(HttpStatusCode.OK))!;

    public static long Id(this JsonNode rule) => rule["id"]!.GetValue<long>();
}
