using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Tocsin.Server.Tests.Infrastructure;
using Tocsin.Server.Tests.OnCall;

namespace Tocsin.Server.Tests.Sources;

/// <summary>#3: a source's alert creation mode and grouping window decide whether a trigger joins an open alert, through /api/v1/events.</summary>
public sealed class AlertCreationModeTests
{
    private static async Task<(long Id, string Outcome)> SendAsync(TocsinApp app, string key, string summary, string? dedupKey = null)
    {
        var r = (await app.SendEventsAsync(new { integrationKey = key, summary, dedupKey }))["results"]![0]!;
        return (r["alertId"]!.GetValue<long>(), r["outcome"]!.GetValue<string>());
    }

    private static async Task<JsonNode> AlertAsync(TocsinApp app, long id) => (await app.Client.GetFromJsonAsync<JsonNode>($"/api/v1/alerts/{id}"))!;

    [Fact]
    public async Task OneAlertPerEvent_SameKey_OpensNewAlertsAndResolveByKeyClosesAll()
    {
        await using var app = await TocsinApp.StartAsync();
        var (_, key) = await app.SourceAsync(null, new { alertCreation = "one_alert_per_event" });
        var first = await SendAsync(app, key, "disk full", "host-1");
        var second = await SendAsync(app, key, "disk full", "host-1");
        first.Outcome.ShouldBe("created");
        second.Outcome.ShouldBe("created");
        second.Id.ShouldNotBe(first.Id);

        var resolved = (await app.SendEventsAsync(new { action = "resolve", dedupKey = "host-1" }))["results"]![0]!;
        resolved["outcome"]!.GetValue<string>().ShouldBe("resolved");
        (await app.StatusOfAsync(first.Id)).ShouldBe("resolved");
        (await app.StatusOfAsync(second.Id)).ShouldBe("resolved");
    }

    [Fact]
    public async Task OneOpenAlertPerKey_Default_RepeatJoinsUntilResolved()
    {
        await using var app = await TocsinApp.StartAsync();
        var (_, key) = await app.SourceAsync(null);
        var first = await SendAsync(app, key, "disk full", "host-1");
        var again = await SendAsync(app, key, "disk full", "host-1");
        again.ShouldBe((first.Id, "updated"));
        (await SendAsync(app, key, "disk full", "host-2")).Outcome.ShouldBe("created");
        (await AlertAsync(app, first.Id))["count"]!.GetValue<int>().ShouldBe(2);
    }

    [Fact]
    public async Task OnePendingAlert_KeylessJoinsThePendingAlert_AcknowledgedOneTakesOnlyItsKey()
    {
        await using var app = await TocsinApp.StartAsync();
        var (_, key) = await app.SourceAsync(null, new { alertCreation = "one_pending_alert" });
        var first = await SendAsync(app, key, "queue backlog");
        (await SendAsync(app, key, "queue backlog again")).ShouldBe((first.Id, "updated"), "without a key, the source's pending alert is the one");
        (await app.Client.PostAsync($"/api/v1/alerts/{first.Id}/acknowledge", null)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var next = await SendAsync(app, key, "queue backlog");
        next.Outcome.ShouldBe("created", "the acknowledged alert takes no more keyless events");
        (await SendAsync(app, key, "queue backlog")).ShouldBe((next.Id, "updated"));
        (await AlertAsync(app, first.Id))["count"]!.GetValue<int>().ShouldBe(2);

        // A key matching an open alert groups regardless (#8): an acknowledged alert with the key takes the event.
        var keyed = await SendAsync(app, key, "db slow", "db");
        keyed.Outcome.ShouldBe("created", "no open alert has the key, and a keyed event does not join the source's pending alert");
        (await app.Client.PostAsync($"/api/v1/alerts/{keyed.Id}/acknowledge", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await SendAsync(app, key, "db still slow", "db")).ShouldBe((keyed.Id, "updated"));
        (await app.StatusOfAsync(keyed.Id)).ShouldBe("acknowledged");
    }

    [Fact]
    public async Task OneOpenAlertPerSource_AnyKey_JoinsTheOpenAlert()
    {
        await using var app = await TocsinApp.StartAsync();
        var (_, key) = await app.SourceAsync(null, new { alertCreation = "one_open_alert_per_source" });
        var (_, other) = await app.SourceAsync(null);
        var first = await SendAsync(app, key, "a", "k1");
        (await SendAsync(app, key, "b", "k2")).ShouldBe((first.Id, "updated"));
        (await SendAsync(app, key, "c")).ShouldBe((first.Id, "updated"));
        (await SendAsync(app, other, "elsewhere", "k3")).Outcome.ShouldBe("created");
        (await AlertAsync(app, first.Id))["count"]!.GetValue<int>().ShouldBe(3);
        (await app.Client.PostAsync($"/api/v1/alerts/{first.Id}/resolve", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await SendAsync(app, key, "d", "k1")).Outcome.ShouldBe("created");
    }

    [Fact]
    public async Task GroupingWindow_EventsInsideTheWindowJoin_LaterOnesOpenANewAlert()
    {
        await using var app = await TocsinApp.StartAsync();
        var (id, key) = await app.SourceAsync(null, new { groupingWindowMinutes = 10 });
        (await app.Client.GetFromJsonAsync<JsonNode>($"/api/v1/sources/{id}"))!["alertCreation"]!.GetValue<string>().ShouldBe("one_alert_grouped_per_window");

        var first = await SendAsync(app, key, "api 5xx", "api");
        app.Clock.Advance(TimeSpan.FromMinutes(6));
        (await SendAsync(app, key, "db slow", "db")).ShouldBe((first.Id, "updated"));
        app.Clock.Advance(TimeSpan.FromMinutes(3.99));
        (await SendAsync(app, key, "cache misses")).ShouldBe((first.Id, "updated"));
        app.Clock.Advance(TimeSpan.FromMinutes(0.02)); // 10 min 0.6 s after the first event: the window has closed
        var later = await SendAsync(app, key, "db slow again", "db");
        later.Outcome.ShouldBe("created");
        (await SendAsync(app, key, "cache misses again")).ShouldBe((later.Id, "updated"), "the new alert is the window now");

        (await AlertAsync(app, first.Id))["count"]!.GetValue<int>().ShouldBe(3);
        (await app.TimelineAsync(first.Id)).Count(e => e!["type"]!.GetValue<string>() == "repeated").ShouldBe(2);

        // Past its window an open alert still takes the events with its own key (#8), not the newer alert's window.
        (await SendAsync(app, key, "api 5xx again", "api")).ShouldBe((first.Id, "updated"));
        (await AlertAsync(app, first.Id))["count"]!.GetValue<int>().ShouldBe(4);
        (await AlertAsync(app, later.Id))["count"]!.GetValue<int>().ShouldBe(2);
    }

    [Fact]
    public async Task OneAlertPerSummary_SameSummaryJoins_KeyJoinsFirst()
    {
        await using var app = await TocsinApp.StartAsync();
        var (id, key) = await app.SourceAsync(null, new { alertCreation = "one_alert_per_summary" });
        (await app.Client.GetFromJsonAsync<JsonNode>($"/api/v1/sources/{id}"))!["alertCreation"]!.GetValue<string>().ShouldBe("one_alert_per_summary");
        var first = await SendAsync(app, key, "disk full");
        (await SendAsync(app, key, "disk full")).ShouldBe((first.Id, "updated"));
        (await SendAsync(app, key, "disk almost full")).Outcome.ShouldBe("created");
        var keyed = await SendAsync(app, key, "queue backlog", "q1");
        (await SendAsync(app, key, "disk full", "q1")).ShouldBe((keyed.Id, "updated"), "the open alert with the key wins over the one with the summary");
    }

    [Fact]
    public async Task OpenResolveOnExtraction_OneAlertPerKey_ResolveByKey()
    {
        await using var app = await TocsinApp.StartAsync();
        var (_, key) = await app.SourceAsync(null, new { alertCreation = "open_resolve_on_extraction" });
        var first = await SendAsync(app, key, "db down", "db");
        (await SendAsync(app, key, "db still down", "db")).ShouldBe((first.Id, "updated"));
        (await app.SendEventsAsync(new { action = "resolve", dedupKey = "db" }))["results"]![0]!["outcome"]!.GetValue<string>().ShouldBe("resolved");
        (await SendAsync(app, key, "db down", "db")).Outcome.ShouldBe("created");
        var keyless = await SendAsync(app, key, "no key");
        (await SendAsync(app, key, "no key")).Id.ShouldNotBe(keyless.Id);
    }

    [Fact]
    public async Task IntelligentGrouping_SimilarSummaryWithinWindowJoins()
    {
        await using var app = await TocsinApp.StartAsync();
        var (id, key) = await app.SourceAsync(null, new { alertCreation = "intelligent_grouping", groupingWindowMinutes = 10 });
        var read = (await app.Client.GetFromJsonAsync<JsonNode>($"/api/v1/sources/{id}"))!;
        read["alertCreation"]!.GetValue<string>().ShouldBe("intelligent_grouping");
        read["scoreThreshold"]!.GetValue<double>().ShouldBe(0.75);
        var first = await SendAsync(app, key, "Pod api-7f9c2d OOMKilled on node-3");
        (await SendAsync(app, key, "Pod api-81aa0e OOMKilled on node-5")).ShouldBe((first.Id, "updated"));
        (await SendAsync(app, key, "Disk full on node-3")).Outcome.ShouldBe("created");
        app.Clock.Advance(TimeSpan.FromMinutes(11));
        (await SendAsync(app, key, "Pod api-0000aa OOMKilled on node-1")).Outcome.ShouldBe("created");
    }

    [Theory]
    [InlineData("""{"name":"S","alertCreation":"intelligent_grouping"}""", "groupingWindowMinutes")]
    [InlineData("""{"name":"S","alertCreation":"intelligent_grouping","groupingWindowMinutes":5,"scoreThreshold":1.01}""", "scoreThreshold")]
    [InlineData("""{"name":"S","alertCreation":"intelligent_grouping","groupingWindowMinutes":5,"scoreThreshold":-1}""", "scoreThreshold")]
    [InlineData("""{"name":"S","alertCreation":"one_alert_per_summary","groupingWindowMinutes":5}""", "groupingWindowMinutes")]
    [InlineData("""{"name":"S","alertCreation":"one_alert_grouped_per_window"}""", "groupingWindowMinutes")]
    [InlineData("""{"name":"S","alertCreation":"one_alert_per_event","groupingWindowMinutes":5}""", "groupingWindowMinutes")]
    [InlineData("""{"name":"S","groupingWindowMinutes":0}""", "groupingWindowMinutes")]
    [InlineData("""{"name":"S","alertCreation":"ONE_OPEN_ALERT_ALLOWED"}""", "alertCreation")]
    [InlineData("""{"name":"S","autoResolveTimeoutMinutes":-5}""", "autoResolveTimeoutMinutes")]
    public async Task Source_BadCreationSettings_400NamingTheField(string json, string field)
    {
        await using var app = await TocsinApp.StartAsync();
        var response = await app.Client.PostAsync("/api/v1/sources", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        await response.ProblemAsync(HttpStatusCode.BadRequest, field);
    }
}
