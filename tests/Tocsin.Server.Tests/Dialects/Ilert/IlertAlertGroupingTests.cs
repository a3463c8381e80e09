using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using static Tocsin.Server.Tests.Dialects.Ilert.IlertScenario;

namespace Tocsin.Server.Tests.Dialects.Ilert;

/// <summary>
/// #8: the alert creation modes ilert has beyond the basic ones (ONE_ALERT_PER_EMAIL_SUBJECT, OPEN_RESOLVE_ON_EXTRACTION,
/// INTELLIGENT_GROUPING), driven through <c>POST /compat/ilert/api/events</c>, with their source fields validated and kept across a restart;
/// and the rule every grouping mode shares, that an <c>alertKey</c> matching an open alert groups regardless of the mode.
/// </summary>
public sealed class IlertAlertGroupingTests
{
    private static async Task<(IlertScenario S, JsonNode Source)> StartWithSourceAsync(object extra)
    {
        var s = await StartAsync();
        var policy = await s.PolicyAsync((await s.UserAsync("Alice", "Archer"), 5));
        var body = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(extra))!.AsObject();
        body["name"] = "Checkout";
        body["integrationType"] = "API";
        body["escalationPolicy"] = new JsonObject { ["id"] = policy };
        return (s, await s.SendAsync(HttpMethod.Post, "/alert-sources", body, HttpStatusCode.Created));
    }

    private static string Key(JsonNode source) => source["integrationKey"]!.GetValue<string>();

    /// <summary>The event's response code and the id of the alert it went to (from <c>alertUrl</c>).</summary>
    private static async Task<(string Code, long Id)> AlertAsync(IlertScenario s, string key, string summary, string? alertKey = null)
    {
        var r = await s.EventAsync(key, "ALERT", alertKey, summary);
        return (r["responseCode"]!.GetValue<string>(), long.Parse(r["alertUrl"]!.GetValue<string>().Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task<int> CountAsync(IlertScenario s, long id) =>
        (await s.App.Client.GetFromJsonAsync<JsonNode>($"/api/v1/alerts/{id}"))!["count"]!.GetValue<int>();

    [Fact]
    public async Task PerEmailSubject_SameSummaryGroups_NewSummaryOpensAlert_KeyStillGroups()
    {
        var (s, source) = await StartWithSourceAsync(new { alertCreation = "ONE_ALERT_PER_EMAIL_SUBJECT" });
        await using var _ = s;
        source["alertCreation"]!.GetValue<string>().ShouldBe("ONE_ALERT_PER_EMAIL_SUBJECT");
        var key = Key(source);

        var disk = await AlertAsync(s, key, "Disk full on db01");
        disk.Code.ShouldBe("NEW_ALERT_CREATED");
        (await AlertAsync(s, key, "Disk full on db01")).ShouldBe(("ALERT_UPDATED", disk.Id));
        var cpu = await AlertAsync(s, key, "CPU high on web01");
        cpu.Code.ShouldBe("NEW_ALERT_CREATED");
        // Not similarity: one character apart is a new summary.
        (await AlertAsync(s, key, "Disk full on db02")).Code.ShouldBe("NEW_ALERT_CREATED");
        // An alertKey matching an open alert groups whatever the summary.
        var keyed = await AlertAsync(s, key, "Queue backlog", "orders");
        (await AlertAsync(s, key, "Queue drained?", "orders")).ShouldBe(("ALERT_UPDATED", keyed.Id));
        (await CountAsync(s, disk.Id)).ShouldBe(2);
        (await CountAsync(s, cpu.Id)).ShouldBe(1);
        var log = await s.GetAsync($"/alerts/{disk.Id}/log-entries");
        log.AsArray().Select(e => e!["text"]!.GetValue<string>()).Where(t => t.StartsWith("Repeated", StringComparison.Ordinal))
            .ShouldHaveSingleItem("the grouped event is on the timeline").ShouldContain("count 2");

        // Only open alerts group: once resolved, the same summary opens a new alert.
        await s.SendAsync(HttpMethod.Put, $"/alerts/{disk.Id}/resolve", null, HttpStatusCode.OK);
        (await AlertAsync(s, key, "Disk full on db01")).Code.ShouldBe("NEW_ALERT_CREATED");
        (await s.GetAsync("/alerts?max-results=100")).AsArray().Count.ShouldBe(5);
    }

    [Fact]
    public async Task PerEmailSubject_SameSummaryOnAnotherSource_OpensItsOwnAlert()
    {
        var (s, source) = await StartWithSourceAsync(new { alertCreation = "ONE_INCIDENT_PER_EMAIL_SUBJECT" });
        await using var _ = s;
        source["alertCreation"]!.GetValue<string>().ShouldBe("ONE_ALERT_PER_EMAIL_SUBJECT", "the deprecated INCIDENT name reads back as the ALERT name");
        var other = Key(await s.SendAsync(HttpMethod.Post, "/alert-sources", new
        {
            name = "Other", integrationType = "API", escalationPolicy = new { id = source["escalationPolicy"]!["id"]!.GetValue<long>() },
            alertCreation = "ONE_ALERT_PER_EMAIL_SUBJECT",
        }, HttpStatusCode.Created));
        var first = await AlertAsync(s, Key(source), "Disk full");
        var second = await AlertAsync(s, other, "Disk full");
        second.Code.ShouldBe("NEW_ALERT_CREATED");
        second.Id.ShouldNotBe(first.Id);
    }

    [Fact]
    public async Task OpenResolveOnExtraction_OneAlertPerKey_ResolveEventResolvesIt_NextAlertOpensNewOne()
    {
        var (s, source) = await StartWithSourceAsync(new { alertCreation = "OPEN_RESOLVE_ON_EXTRACTION" });
        await using var _ = s;
        source["alertCreation"]!.GetValue<string>().ShouldBe("OPEN_RESOLVE_ON_EXTRACTION");
        var key = Key(source);

        var db = await AlertAsync(s, key, "db01 down", "host/db01");
        db.Code.ShouldBe("NEW_ALERT_CREATED");
        (await AlertAsync(s, key, "db01 still down", "host/db01")).ShouldBe(("ALERT_UPDATED", db.Id));
        var web = await AlertAsync(s, key, "db01 down", "host/web01");
        web.Code.ShouldBe("NEW_ALERT_CREATED", "one alert per extracted key, whatever the summary");

        (await s.EventAsync(key, "RESOLVE", "host/db01", null))["responseCode"]!.GetValue<string>().ShouldBe("ALERT_RESOLVED");
        (await s.GetAsync($"/alerts/{db.Id}"))["status"]!.GetValue<string>().ShouldBe("RESOLVED");
        (await s.GetAsync($"/alerts/{web.Id}"))["status"]!.GetValue<string>().ShouldBe("PENDING");
        var again = await AlertAsync(s, key, "db01 down", "host/db01");
        again.Code.ShouldBe("NEW_ALERT_CREATED");
        again.Id.ShouldNotBe(db.Id);

        // Nothing extracted (no alertKey): nothing to group by, every event is its own alert.
        var a = await AlertAsync(s, key, "no key");
        var b = await AlertAsync(s, key, "no key");
        (a.Code, b.Code).ShouldBe(("NEW_ALERT_CREATED", "NEW_ALERT_CREATED"));
        b.Id.ShouldNotBe(a.Id);
    }

    [Fact]
    public async Task IntelligentGrouping_SimilarWithinWindowGroups_DissimilarOrLaterOpensNew()
    {
        var (s, source) = await StartWithSourceAsync(new { alertCreation = "INTELLIGENT_GROUPING", alertGroupingWindow = "PT30M", scoreThreshold = 0.6 });
        await using var _ = s;
        source["alertCreation"]!.GetValue<string>().ShouldBe("INTELLIGENT_GROUPING");
        source["alertGroupingWindow"]!.GetValue<string>().ShouldBe("PT30M");
        source["scoreThreshold"]!.GetValue<double>().ShouldBe(0.6);
        var key = Key(source);

        var disk = await AlertAsync(s, key, "Disk 91% full on db01");
        disk.Code.ShouldBe("NEW_ALERT_CREATED");
        s.App.Clock.Advance(TimeSpan.FromMinutes(5));
        (await AlertAsync(s, key, "Disk 97% full on db02")).ShouldBe(("ALERT_UPDATED", disk.Id));
        var cert = await AlertAsync(s, key, "Certificate for api.example.com expires in 3 days", "cert/api");
        cert.Code.ShouldBe("NEW_ALERT_CREATED");
        // The newest open alert is the certificate; the newest *similar* one is the disk alert.
        (await AlertAsync(s, key, "Disk 99% full on db03 (critical)")).ShouldBe(("ALERT_UPDATED", disk.Id));
        (await CountAsync(s, disk.Id)).ShouldBe(3);

        // Past the window the disk alert takes no more events; an alertKey matching an open alert still groups regardless.
        s.App.Clock.Advance(TimeSpan.FromMinutes(26));
        var later = await AlertAsync(s, key, "Disk 50% full on db04");
        later.Code.ShouldBe("NEW_ALERT_CREATED");
        later.Id.ShouldNotBe(disk.Id);
        (await AlertAsync(s, key, "Something entirely different", "cert/api")).ShouldBe(("ALERT_UPDATED", cert.Id));
    }

    [Fact]
    public async Task OnePendingAllowed_KeyMatchingAnAcceptedAlertGroups_KeylessEventsFollowThePendingRule()
    {
        var (s, source) = await StartWithSourceAsync(new { alertCreation = "ONE_PENDING_ALERT_ALLOWED" });
        await using var _ = s;
        var key = Key(source);

        var orders = await AlertAsync(s, key, "Queue backlog", "orders");
        orders.Code.ShouldBe("NEW_ALERT_CREATED");
        await s.SendAsync(HttpMethod.Put, $"/alerts/{orders.Id}/accept", null, HttpStatusCode.OK);
        // Accepted is still open: the key groups regardless of the mode, and the alert stays accepted.
        (await AlertAsync(s, key, "Queue backlog growing", "orders")).ShouldBe(("ALERT_UPDATED", orders.Id));
        (await s.GetAsync($"/alerts/{orders.Id}"))["status"]!.GetValue<string>().ShouldBe("ACCEPTED");
        (await CountAsync(s, orders.Id)).ShouldBe(2);

        // Without a key the mode's own rule: the accepted alert is not pending, so a new one opens, and it takes the next.
        var pending = await AlertAsync(s, key, "Checkout slow");
        pending.Code.ShouldBe("NEW_ALERT_CREATED");
        (await AlertAsync(s, key, "Checkout slower")).ShouldBe(("ALERT_UPDATED", pending.Id));
        (await AlertAsync(s, key, "Queue backlog still", "orders")).ShouldBe(("ALERT_UPDATED", orders.Id), "the key wins over the pending alert");
        (await CountAsync(s, orders.Id)).ShouldBe(3);

        // Once resolved the key matches nothing open: a new alert.
        (await s.EventAsync(key, "RESOLVE", "orders", null))["responseCode"]!.GetValue<string>().ShouldBe("ALERT_RESOLVED");
        var again = await AlertAsync(s, key, "Queue backlog", "orders");
        again.Code.ShouldBe("NEW_ALERT_CREATED");
        again.Id.ShouldNotBe(orders.Id);
    }

    [Fact]
    public async Task GroupedPerWindow_KeyMatchingAnOpenAlertGroupsPastTheWindow_OtherEventsFollowTheWindow()
    {
        var (s, source) = await StartWithSourceAsync(new { alertCreation = "ONE_ALERT_GROUPED_PER_WINDOW", alertGroupingWindow = "PT10M" });
        await using var _ = s;
        var key = Key(source);

        var api = await AlertAsync(s, key, "API 5xx", "api");
        api.Code.ShouldBe("NEW_ALERT_CREATED");
        s.App.Clock.Advance(TimeSpan.FromMinutes(5));
        (await AlertAsync(s, key, "DB slow", "db")).ShouldBe(("ALERT_UPDATED", api.Id), "another key within the window: the window groups");
        s.App.Clock.Advance(TimeSpan.FromMinutes(6));
        var cache = await AlertAsync(s, key, "Cache misses", "cache");
        cache.Code.ShouldBe("NEW_ALERT_CREATED", "past the window, and no open alert has the key");

        // 11 minutes after it opened, the first alert is out of the window but still takes its own key, accepted or not.
        (await AlertAsync(s, key, "API 5xx again", "api")).ShouldBe(("ALERT_UPDATED", api.Id));
        await s.SendAsync(HttpMethod.Put, $"/alerts/{api.Id}/accept", null, HttpStatusCode.OK);
        (await AlertAsync(s, key, "API 5xx still", "api")).ShouldBe(("ALERT_UPDATED", api.Id));
        (await CountAsync(s, api.Id)).ShouldBe(4);
        // Keyless events follow the window: the newest alert in it.
        (await AlertAsync(s, key, "Something else")).ShouldBe(("ALERT_UPDATED", cache.Id));

        // Resolved, the key matches nothing open and the window decides again.
        await s.SendAsync(HttpMethod.Put, $"/alerts/{api.Id}/resolve", null, HttpStatusCode.OK);
        (await AlertAsync(s, key, "API 5xx back", "api")).ShouldBe(("ALERT_UPDATED", cache.Id));
        (await CountAsync(s, cache.Id)).ShouldBe(3);
        (await s.GetAsync("/alerts?max-results=100")).AsArray().Count.ShouldBe(2);
    }

    [Fact]
    public async Task IntelligentGrouping_DefaultThreshold_Echoed_AndAppliesBetweenSimilarAndNot()
    {
        var (s, source) = await StartWithSourceAsync(new { alertCreation = "INTELLIGENT_GROUPING", alertGroupingWindow = "PT1H" });
        await using var _ = s;
        source["scoreThreshold"]!.GetValue<double>().ShouldBe(0.75);
        (await s.GetAsync("/alert-sources")).AsArray()[0]!["scoreThreshold"]!.GetValue<double>().ShouldBe(0.75);
        var key = Key(source);
        var first = await AlertAsync(s, key, "a b c d");
        // 3 shared tokens of 5 (0.6) is below 0.75; 4 of 5 (0.8) is above.
        (await AlertAsync(s, key, "a b c e")).Code.ShouldBe("NEW_ALERT_CREATED");
        (await AlertAsync(s, key, "a b c d x")).ShouldBe(("ALERT_UPDATED", first.Id));
    }

    [Fact]
    public async Task ScoreThreshold_OnlyKeptForIntelligentGrouping()
    {
        var (s, source) = await StartWithSourceAsync(new { alertCreation = "ONE_ALERT_PER_EMAIL", scoreThreshold = 0.5 });
        await using var _ = s;
        source.AsObject().ContainsKey("scoreThreshold").ShouldBeFalse();
        var id = source["id"]!.GetValue<long>();
        var switched = await s.SendAsync(HttpMethod.Put, $"/alert-sources/{id}", new
        {
            name = "Checkout", integrationType = "API", escalationPolicy = new { id = source["escalationPolicy"]!["id"]!.GetValue<long>() },
            alertCreation = "INTELLIGENT_GROUPING", alertGroupingWindow = "PT15M", scoreThreshold = 0.9,
        }, HttpStatusCode.OK);
        switched["scoreThreshold"]!.GetValue<double>().ShouldBe(0.9);
        (await s.GetAsync($"/alert-sources/{id}"))["scoreThreshold"]!.GetValue<double>().ShouldBe(0.9);
    }

    [Theory]
    [InlineData("INTELLIGENT_GROUPING", null, 0.5, "alertGroupingWindow")]
    [InlineData("INTELLIGENT_GROUPING", "PT5M", 1.5, "scoreThreshold")]
    [InlineData("INTELLIGENT_GROUPING", "PT5M", -0.1, "scoreThreshold")]
    [InlineData("ONE_ALERT_PER_EMAIL_SUBJECT", null, 2.0, "scoreThreshold")]
    [InlineData("OPEN_RESOLVE_ON_EXTRACTION", "PT5M", null, "alertGroupingWindow")]
    [InlineData("ONE_ALERT_PER_EMAIL_SUBJECT", "PT5M", null, "alertGroupingWindow")]
    [InlineData("SMART_GROUPING", null, null, "alertCreation")]
    public async Task BadSource_IlertBadRequestNamingTheField(string mode, string? window, double? score, string field)
    {
        await using var s = await StartAsync();
        var policy = await s.PolicyAsync((await s.UserAsync("Alice", "Archer"), 5));
        var body = await ErrorAsync(await s.Client.PostAsJsonAsync(Base + "/alert-sources",
            new { name = "x", integrationType = "API", escalationPolicy = new { id = policy }, alertCreation = mode, alertGroupingWindow = window, scoreThreshold = score }),
            HttpStatusCode.BadRequest, "BAD_REQUEST");
        body["message"]!.GetValue<string>().ShouldStartWith(field + ":");
        (await s.GetAsync("/alert-sources")).AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task BadSource_ScoreThresholdNotANumber_IlertBadRequest()
    {
        await using var s = await StartAsync();
        var policy = await s.PolicyAsync((await s.UserAsync("Alice", "Archer"), 5));
        using var content = new StringContent(
            $$"""{"name":"x","integrationType":"API","escalationPolicy":{"id":{{policy}}},"alertCreation":"INTELLIGENT_GROUPING","alertGroupingWindow":"PT5M","scoreThreshold":"high"}""",
            System.Text.Encoding.UTF8, "application/json");
        var body = await ErrorAsync(await s.Client.PostAsync(Base + "/alert-sources", content), HttpStatusCode.BadRequest, "BAD_REQUEST");
        body["message"]!.GetValue<string>().ShouldContain("scoreThreshold");
    }

    [Fact]
    public async Task IntelligentGrouping_SurvivesRestart_SourceAndGrouping()
    {
        var (s, source) = await StartWithSourceAsync(new { alertCreation = "INTELLIGENT_GROUPING", alertGroupingWindow = "PT30M", scoreThreshold = 0.6 });
        await using var _ = s;
        var id = source["id"]!.GetValue<long>();
        var key = Key(source);
        var first = await AlertAsync(s, key, "Disk 91% full on db01");

        await s.RestartAsync();
        var after = await s.GetAsync($"/alert-sources/{id}");
        after["alertCreation"]!.GetValue<string>().ShouldBe("INTELLIGENT_GROUPING");
        after["alertGroupingWindow"]!.GetValue<string>().ShouldBe("PT30M");
        after["scoreThreshold"]!.GetValue<double>().ShouldBe(0.6);
        (await AlertAsync(s, key, "Disk 95% full on db02")).ShouldBe(("ALERT_UPDATED", first.Id));
        (await AlertAsync(s, key, "Login failures spiking")).Code.ShouldBe("NEW_ALERT_CREATED");
    }
}
