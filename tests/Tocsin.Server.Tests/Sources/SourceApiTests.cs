using System.Net;
using System.Net.Http.Json;
using Tocsin.Server.Tests.Infrastructure;
using Tocsin.Server.Tests.OnCall;

namespace Tocsin.Server.Tests.Sources;

public sealed class SourceApiTests
{
    private static readonly object SupportHours = new
    {
        priorityRule = "HIGH_DURING_SUPPORT_HOURS",
        supportHours = new
        {
            timeZone = "Europe/Berlin",
            windows = new[] { "monday", "tuesday", "wednesday", "thursday", "friday" }.Select(d => new { day = d, start = "09:00", end = "17:00" }).ToArray(),
        },
    };

    [Fact]
    public async Task PriorityRule_HighDuringSupportHours_DependsOnLocalTime()
    {
        await using var app = await TocsinApp.StartAsync();
        var (_, key) = await app.SourceAsync(null, SupportHours);
        // The fake clock starts on Saturday 2026-03-28: outside support hours.
        var weekend = await app.TriggerFromAsync(key, "weekend");
        (await app.Client.GetFromJsonAsync<System.Text.Json.Nodes.JsonNode>($"/api/v1/alerts/{weekend}"))!["priority"]!.GetValue<string>().ShouldBe("low");
        app.Clock.SetUtcNow(DateTimeOffset.Parse("2026-03-30T08:00:00Z")); // Monday 10:00 CEST
        var monday = await app.TriggerFromAsync(key, "monday");
        (await app.Client.GetFromJsonAsync<System.Text.Json.Nodes.JsonNode>($"/api/v1/alerts/{monday}"))!["priority"]!.GetValue<string>().ShouldBe("high");
    }

    [Fact]
    public async Task MaintenanceWindow_AlertRecordedButNobodyPaged()
    {
        await using var app = await TocsinApp.StartAsync();
        var alice = await app.UserAsync("Alice");
        var (source, key) = await app.SourceAsync(await app.PolicyAsync([(alice, 5)]));
        await app.Client.PostOkAsync("/api/v1/maintenance-windows", new { description = "deploy", start = "2026-03-28T11:00:00Z", end = "2026-03-28T13:00:00Z", sourceIds = new[] { source } });

        var alert = await app.TriggerFromAsync(key);
        await app.RunEscalationAsync();
        (await app.PagesAsync(alert)).ShouldBeEmpty();
        (await app.TimelineAsync(alert)).Select(e => e!["text"]!.GetValue<string>()).ShouldContain("Escalation not started: source Checkout is in a maintenance window");

        app.Clock.Advance(TimeSpan.FromHours(2));
        var later = await app.TriggerFromAsync(key, "after maintenance", dedupKey: "other");
        await app.RunEscalationAsync();
        (await app.PagesAsync(later)).ShouldBe([$"triggered:{alice}"]);
    }

    [Fact]
    public async Task Sources_Crud_KeepsIntegrationKey()
    {
        await using var app = await TocsinApp.StartAsync();
        var (id, key) = await app.SourceAsync(null);
        key.ShouldStartWith("src_");
        var updated = await (await app.Client.PutAsJsonAsync($"/api/v1/sources/{id}", new { name = "Renamed", alertCreation = "one_alert_per_event", autoResolveTimeoutMinutes = 60 })).StatusAsync(HttpStatusCode.OK);
        updated!["integrationKey"]!.GetValue<string>().ShouldBe(key);
        updated["alertCreation"]!.GetValue<string>().ShouldBe("one_alert_per_event");
        var byId = await app.SendEventsAsync(new { sourceId = id, summary = "by id" });
        byId["results"]![0]!["outcome"]!.GetValue<string>().ShouldBe("created");
        await (await app.Client.DeleteAsync($"/api/v1/sources/{id}")).StatusAsync(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task DeletePolicy_UsedBySource_Conflict()
    {
        await using var app = await TocsinApp.StartAsync();
        var alice = await app.UserAsync("Alice");
        var policy = await app.PolicyAsync([(alice, 5)]);
        await app.SourceAsync(policy);
        await (await app.Client.DeleteAsync($"/api/v1/escalation-policies/{policy}")).ProblemAsync(HttpStatusCode.Conflict, "id");
    }
}
