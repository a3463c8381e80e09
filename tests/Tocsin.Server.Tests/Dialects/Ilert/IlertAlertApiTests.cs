using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Tocsin.Server.Tests.Infrastructure;
using Tocsin.Server.Tests.OnCall;
using static Tocsin.Server.Tests.Dialects.Ilert.IlertScenario;

namespace Tocsin.Server.Tests.Dialects.Ilert;

/// <summary>Contract tests of ilert's /api/alerts operations (seed: shared/seeds/ilert-alerts-api.md), bodies checked against ilert's OpenAPI.</summary>
public sealed class IlertAlertApiTests
{
    private static async Task<(IlertScenario S, long Alice, long Bob, long Policy, long Source, string Key)> SetupAsync()
    {
        var s = await StartAsync();
        var alice = await s.UserAsync("Alice", "Archer");
        var bob = await s.UserAsync("Bob", "Baker");
        var policy = await s.PolicyAsync((alice, 5), (bob, 10));
        var (source, key) = await s.SourceAsync(policy, supportHours: new
        {
            timezone = "Europe/Berlin",
            supportDays = new Dictionary<string, object> { ["MONDAY"] = new { start = "08:00:00", end = "17:00:00" }, ["FRIDAY"] = new { start = "08:00:00", end = "16:00:00" } },
        });
        return (s, alice, bob, policy, source, key);
    }

    [Fact]
    public async Task GetAlert_FromEvent_FullObjectFilledFromRealState()
    {
        var (s, alice, bob, policy, source, key) = await SetupAsync();
        await using var _ = s;
        var id = await s.AlertFromEventAsync(key, "srv/mail01", extra: new
        {
            details = "disk 98%", priority = "HIGH",
            images = new[] { new { src = "https://img.example/x.png", href = "https://img.example", alt = "graph" } },
            links = new[] { new { href = "https://grafana.example/d/1", text = "Dashboard" } },
            customDetails = new { env = "prod" },
        });
        await s.App.RunEscalationAsync();

        var alert = await s.GetAsync($"/alerts/{id}");
        IlertSchema.AssertResponse(alert, "/alerts/{id}", "get", "200");
        alert["id"]!.GetValue<long>().ShouldBe(id);
        alert["summary"]!.GetValue<string>().ShouldBe("Checkout down");
        alert["details"]!.GetValue<string>().ShouldBe("disk 98%");
        alert["status"]!.GetValue<string>().ShouldBe("PENDING");
        alert["priority"]!.GetValue<string>().ShouldBe("HIGH");
        alert["alertKey"]!.GetValue<string>().ShouldBe("srv/mail01");
        alert["reportTime"]!.GetValue<DateTimeOffset>().ShouldBe(s.App.Clock.GetUtcNow());
        alert["resolvedOn"].ShouldBeNull();
        var src = alert["alertSource"]!;
        src["id"]!.GetValue<long>().ShouldBe(source);
        src["integrationKey"]!.GetValue<string>().ShouldBe(key);
        src["escalationPolicy"]!["id"]!.GetValue<long>().ShouldBe(policy);
        src["alertPriorityRule"]!.GetValue<string>().ShouldBe("HIGH");
        src["supportHours"]!["timezone"]!.GetValue<string>().ShouldBe("Europe/Berlin");
        src["supportHours"]!["supportDays"]!["MONDAY"]!["start"]!.GetValue<string>().ShouldBe("08:00:00");
        alert["escalationPolicy"]!["escalationRules"]!.AsArray().Count.ShouldBe(2);
        alert["escalationRules"]![1]!["users"]![0]!["id"]!.GetValue<long>().ShouldBe(bob);
        // Rule 1 (Alice) has paged; the next step is rule 2 (Bob) after Alice's 5 minutes.
        alert["nextEscalationRuleIndex"]!.GetValue<int>().ShouldBe(1);
        alert["nextEscalation"]!.GetValue<DateTimeOffset>().ShouldBe(s.App.Clock.GetUtcNow().AddMinutes(5));
        alert["nextEscalationUser"]!["id"]!.GetValue<long>().ShouldBe(bob);
        alert["nextEscalationUser"]!["firstName"]!.GetValue<string>().ShouldBe("Bob");
        alert["images"]![0]!["src"]!.GetValue<string>().ShouldBe("https://img.example/x.png");
        alert["links"]![0]!["text"]!.GetValue<string>().ShouldBe("Dashboard");
        alert["customDetails"]!["env"]!.GetValue<string>().ShouldBe("prod");
        alert["responders"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task CreateAlert_ManualAlertWithOverrides_Returns201FreshlyEscalated()
    {
        var (s, alice, bob, _, source, _) = await SetupAsync();
        await using var _ = s;
        var other = await s.PolicyAsync((bob, 1));
        var alert = await s.SendAsync(HttpMethod.Post, "/alerts", new
        {
            summary = "Disk full on db-1", details = "/var at 98%", alertSource = new { id = source }, escalationPolicy = new { id = other },
            priority = "LOW", assignedTo = new { id = alice },
            links = new[] { new { href = "https://grafana/x", text = "Dashboard" } },
            responders = new[] { new { user = new { id = alice } } },
        }, HttpStatusCode.Created);
        IlertSchema.AssertResponse(alert, "/alerts", "post", "201");
        alert["priority"]!.GetValue<string>().ShouldBe("LOW");
        alert["escalationPolicy"]!["id"]!.GetValue<long>().ShouldBe(other);
        alert["assignedTo"]!["id"]!.GetValue<long>().ShouldBe(alice);
        alert["responders"]![0]!["user"]!["id"]!.GetValue<long>().ShouldBe(alice);
        alert["responders"]![0]!["status"]!.GetValue<string>().ShouldBe("PENDING");
        alert["links"]![0]!["href"]!.GetValue<string>().ShouldBe("https://grafana/x");
        alert["alertKey"].ShouldBeNull();
    }

    [Fact]
    public async Task CreateAlert_BadInput_IlertErrors()
    {
        var (s, _, _, _, source, _) = await SetupAsync();
        await using var _ = s;
        await ErrorAsync(await s.Client.PostAsJsonAsync(Base + "/alerts", new { alertSource = new { id = source } }), HttpStatusCode.BadRequest, "BAD_REQUEST");
        await ErrorAsync(await s.Client.PostAsJsonAsync(Base + "/alerts", new { summary = "x", alertSource = new { id = 999 } }), HttpStatusCode.BadRequest, "BAD_REQUEST");
        await ErrorAsync(await s.Client.PostAsJsonAsync(Base + "/alerts", new { summary = "x", alertSource = new { id = source }, priority = "URGENT" }), HttpStatusCode.BadRequest, "BAD_REQUEST");
        var malformed = await s.Client.PostAsync(Base + "/alerts", new StringContent("{\"summary\": ", Encoding.UTF8, "application/json"));
        await ErrorAsync(malformed, HttpStatusCode.BadRequest, "BAD_REQUEST");
    }

    /// <summary>The seed's sample URLs, verbatim apart from ids and the user name.</summary>
    [Fact]
    public async Task ListAlerts_SeedSampleUrls_ReturnExactlyTheRightAlerts()
    {
        var (s, alice, bob, policy, source1, key1) = await SetupAsync();
        await using var _ = s;
        var (source2, key2) = await s.SourceAsync(policy, "Payments");
        var (_, key3) = await s.SourceAsync(policy, "Search");
        var a1 = await s.AlertFromEventAsync(key1, "a1");
        var a2 = await s.AlertFromEventAsync(key2, "a2");
        var a3 = await s.AlertFromEventAsync(key3, "a3");
        var a4 = await s.AlertFromEventAsync(key1, "a4");
        await s.EventAsync(key2, "ACCEPT", "a2", null);
        await s.EventAsync(key3, "RESOLVE", "a3", null);
        // "jd" is Alice's user name (the local part of alice@example.com is "alice"; ilert's sample uses jd): give her a jd address.
        var jd = await s.SendAsync(HttpMethod.Post, "/users", new { firstName = "John", lastName = "Doe", email = "jd@example.com" }, HttpStatusCode.Created);
        var jdId = jd["id"]!.GetValue<long>();
        await s.SendAsync(HttpMethod.Post, $"/alerts/{a1}/responders", new { user = new { id = jdId } }, HttpStatusCode.Created);
        await s.SendAsync(HttpMethod.Post, $"/alerts/{a2}/responders", new { user = new { id = jdId } }, HttpStatusCode.Created);
        await s.SendAsync(HttpMethod.Post, $"/alerts/{a3}/responders", new { user = new { id = jdId } }, HttpStatusCode.Created);

        static long[] Ids(JsonNode list) => list.AsArray().Select(a => a!["id"]!.GetValue<long>()).ToArray();
        var open = await s.GetAsync("/alerts?states=PENDING&states=ACCEPTED");
        IlertSchema.AssertResponse(open, "/alerts", "get", "200");
        Ids(open).ShouldBe([a1, a2, a4]);
        Ids(await s.GetAsync("/alerts?states=ACCEPTED")).ShouldBe([a2]);
        Ids(await s.GetAsync($"/alerts?sources={source1}&sources={source2}&responders=jd")).ShouldBe([a1, a2]);
        Ids(await s.GetAsync($"/alerts?responders={jdId}")).ShouldBe([a1, a2, a3]);
        Ids(await s.GetAsync($"/alerts?policies={policy}&states=RESOLVED")).ShouldBe([a3]);
        Ids(await s.GetAsync("/alerts?responders=nobody")).ShouldBeEmpty();
    }

    [Fact]
    public async Task ListAlerts_PagingByStartIndexOverDateRange_ReturnsEachAlertOnce()
    {
        var (s, _, _, _, _, key) = await SetupAsync();
        await using var _ = s;
        var start = s.App.Clock.GetUtcNow();
        var ids = new List<long>();
        for (var i = 0; i < 7; i++)
        {
            ids.Add(await s.AlertFromEventAsync(key, $"k{i}"));
            s.App.Clock.Advance(TimeSpan.FromMinutes(1));
        }
        // One alert before and one after the window.
        var from = start.AddSeconds(30).ToString("yyyy-MM-ddTHH:mm:ss.fffZ");
        var until = start.AddMinutes(6).AddSeconds(30).ToString("yyyy-MM-ddTHH:mm:ss.fffZ");
        var page1 = (await s.GetAsync($"/alerts?start-index=0&max-results=4&from={Uri.EscapeDataString(from)}&until={Uri.EscapeDataString(until)}")).AsArray();
        var page2 = (await s.GetAsync($"/alerts?start-index=4&max-results=4&from={Uri.EscapeDataString(from)}&until={Uri.EscapeDataString(until)}")).AsArray();
        page1.Count.ShouldBe(4);
        page1.Concat(page2).Select(a => a!["id"]!.GetValue<long>()).ShouldBe(ids.Skip(1).Take(6));
        page1.Select(a => a!["reportTime"]!.GetValue<DateTimeOffset>()).ShouldBeInOrder();
    }

    [Theory]
    [InlineData("states=OPEN", "states")]
    [InlineData("max-results=101", "max-results")]
    [InlineData("start-index=-1", "start-index")]
    [InlineData("from=yesterday", "from")]
    [InlineData("until=2021-13-45T00:00:00Z", "until")]
    [InlineData("sources=abc", "sources")]
    public async Task ListAlerts_BadQuery_IlertBadRequest(string query, string field)
    {
        await using var s = await StartAsync();
        var error = await ErrorAsync(await s.Client.GetAsync($"{Base}/alerts?{query}"), HttpStatusCode.BadRequest, "BAD_REQUEST");
        error["message"]!.GetValue<string>().ShouldContain(field);
    }

    [Fact]
    public async Task CountAlerts_WithFilters_CountsMatchingAlerts()
    {
        var (s, _, _, _, source, key) = await SetupAsync();
        await using var _ = s;
        await s.AlertFromEventAsync(key, "c1");
        await s.AlertFromEventAsync(key, "c2");
        await s.EventAsync(key, "RESOLVE", "c2", null);
        var all = await s.GetAsync("/alerts/count");
        IlertSchema.AssertResponse(all, "/alerts/count", "get", "200");
        all["count"]!.GetValue<long>().ShouldBe(2);
        (await s.GetAsync("/alerts/count?states=PENDING"))["count"]!.GetValue<long>().ShouldBe(1);
        (await s.GetAsync($"/alerts/count?sources={source}&states=RESOLVED"))["count"]!.GetValue<long>().ShouldBe(1);
        (await s.GetAsync("/alerts/count?sources=12345"))["count"]!.GetValue<long>().ShouldBe(0);
    }

    [Fact]
    public async Task GetAlert_UnknownOrOtherTenants_IlertNotFound()
    {
        var (s, _, _, _, _, key) = await SetupAsync();
        await using var _ = s;
        var id = await s.AlertFromEventAsync(key, "x");
        var error = await ErrorAsync(await s.Client.GetAsync($"{Base}/alerts/999999"), HttpStatusCode.NotFound, "NOT_FOUND");
        error["message"]!.GetValue<string>().ShouldBe("Alert not found");
        await ErrorAsync(await s.Client.GetAsync($"{Base}/alerts/abc"), HttpStatusCode.BadRequest, "BAD_REQUEST");
        var other = await s.App.OtherTenantClientAsync();
        await ErrorAsync(await other.GetAsync($"{Base}/alerts/{id}"), HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task AcceptAndResolve_ByRest_TransitionsAndRejectsIllegal()
    {
        var (s, _, _, _, _, key) = await SetupAsync();
        await using var _ = s;
        var id = await s.AlertFromEventAsync(key, "t");
        var accepted = await s.SendAsync(HttpMethod.Put, $"/alerts/{id}/accept", null, HttpStatusCode.OK);
        IlertSchema.AssertResponse(accepted, "/alerts/{id}/accept", "put", "200");
        accepted["status"]!.GetValue<string>().ShouldBe("ACCEPTED");
        accepted["nextEscalation"].ShouldBeNull();
        var resolved = await s.SendAsync(HttpMethod.Put, $"/alerts/{id}/resolve", null, HttpStatusCode.OK);
        IlertSchema.AssertResponse(resolved, "/alerts/{id}/resolve", "put", "200");
        resolved["status"]!.GetValue<string>().ShouldBe("RESOLVED");
        resolved["resolvedOn"]!.GetValue<DateTimeOffset>().ShouldBe(s.App.Clock.GetUtcNow());
        await ErrorAsync(await s.Client.PutAsync($"{Base}/alerts/{id}/accept", null), HttpStatusCode.BadRequest, "CONFLICT");
        await ErrorAsync(await s.Client.PutAsync($"{Base}/alerts/424242/resolve", null), HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Responders_AddTwiceAndRemove_FollowIlertCodes()
    {
        var (s, alice, bob, _, _, key) = await SetupAsync();
        await using var _ = s;
        var id = await s.AlertFromEventAsync(key, "r");
        var added = await s.SendAsync(HttpMethod.Post, $"/alerts/{id}/responders", new { user = new { id = bob } }, HttpStatusCode.Created);
        IlertSchema.AssertSchema(added, "AlertResponder");
        added["user"]!["firstName"]!.GetValue<string>().ShouldBe("Bob");
        added["status"]!.GetValue<string>().ShouldBe("PENDING");
        await ErrorAsync(await s.Client.PostAsJsonAsync($"{Base}/alerts/{id}/responders", new { user = new { id = bob } }), HttpStatusCode.MethodNotAllowed, "ALREADY_EXISTS");
        (await s.App.PagesAsync(id)).ShouldContain($"responder_added:{bob}");
        (await s.Client.DeleteAsync($"{Base}/alerts/{id}/responders/{bob}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await ErrorAsync(await s.Client.DeleteAsync($"{Base}/alerts/{id}/responders/{bob}"), HttpStatusCode.NotFound, "NOT_FOUND");
        await ErrorAsync(await s.Client.PostAsJsonAsync($"{Base}/alerts/{id}/responders", new { user = new { id = 9999 } }), HttpStatusCode.BadRequest, "BAD_REQUEST");
    }

    [Fact]
    public async Task Assign_UserPolicySchedule_EachAssignsAndBadInputIsRejected()
    {
        var (s, alice, bob, _, _, key) = await SetupAsync();
        await using var _ = s;
        var id = await s.AlertFromEventAsync(key, "as");
        var toUser = await s.SendAsync(HttpMethod.Put, $"/alerts/{id}/assign?user={bob}", null, HttpStatusCode.OK);
        IlertSchema.AssertResponse(toUser, "/alerts/{id}/assign", "put", "200");
        toUser["assignedTo"]!["id"]!.GetValue<long>().ShouldBe(bob);

        var schedule = (await s.App.Client.PostOkAsync("/api/v1/schedules", new
        {
            name = "Ops", timeZone = "Europe/Berlin",
            layers = new[] { new { users = new[] { alice }, start = "2026-03-01T09:00:00+01:00", shiftLength = new { unit = "weeks", count = 1 }, handoffTime = "09:00" } },
        }))["id"]!.GetValue<long>();
        var toSchedule = await s.SendAsync(HttpMethod.Put, $"/alerts/{id}/assign?schedule={schedule}", null, HttpStatusCode.OK);
        toSchedule["assignedTo"]!["id"]!.GetValue<long>().ShouldBe(alice);

        var other = await s.PolicyAsync((bob, 3));
        var toPolicy = await s.SendAsync(HttpMethod.Put, $"/alerts/{id}/assign?policy-id={other}", null, HttpStatusCode.OK);
        toPolicy["escalationPolicy"]!["id"]!.GetValue<long>().ShouldBe(other);
        // Assigning a policy pages its rule 0 in the same write; with one rule and no repeat nothing is next.
        toPolicy["nextEscalationRuleIndex"].ShouldBeNull();
        (await s.App.PagesAsync(id)).ShouldContain(p => p.EndsWith($":{bob}", StringComparison.Ordinal));

        await ErrorAsync(await s.Client.PutAsync($"{Base}/alerts/{id}/assign", null), HttpStatusCode.BadRequest, "BAD_REQUEST");
        await ErrorAsync(await s.Client.PutAsync($"{Base}/alerts/{id}/assign?user={bob}&policy={other}", null), HttpStatusCode.BadRequest, "BAD_REQUEST");
        await ErrorAsync(await s.Client.PutAsync($"{Base}/alerts/{id}/assign?policy=777", null), HttpStatusCode.BadRequest, "BAD_REQUEST");
    }

    [Fact]
    public async Task SuggestedResponders_AlertWithPolicy_ListsGroups()
    {
        var (s, alice, bob, policy, _, key) = await SetupAsync();
        await using var _ = s;
        var carol = await s.UserAsync("Carol", "Cook");
        var id = await s.AlertFromEventAsync(key, "sg");
        var list = await s.GetAsync($"/alerts/{id}/suggested-responders?lang=de");
        IlertSchema.AssertResponse(list, "/alerts/{id}/suggested-responders", "get", "200");
        var rows = list.AsArray().Select(r => (r!["group"]!.GetValue<string>(), r["id"]!.GetValue<long>())).ToList();
        rows.ShouldContain(("SUGGESTED", alice));
        rows.ShouldContain(("SUGGESTED", bob));
        rows.ShouldContain(("USER", carol));
        rows.ShouldContain(("ESCALATION_POLICY", policy));
    }

    [Fact]
    public async Task Notifications_AfterEscalation_AreTheOutboxRows()
    {
        var (s, alice, _, _, _, key) = await SetupAsync();
        await using var _ = s;
        var id = await s.AlertFromEventAsync(key, "n");
        await s.App.RunEscalationAsync();
        var list = await s.GetAsync($"/alerts/{id}/notifications");
        IlertSchema.AssertResponse(list, "/alerts/{id}/notifications", "get", "200");
        var n = list.AsArray().ShouldHaveSingleItem()!;
        n["alertId"]!.GetValue<long>().ShouldBe(id);
        n["user"]!["id"]!.GetValue<long>().ShouldBe(alice);
        n["user"]!["firstname"]!.GetValue<string>().ShouldBe("Alice");
        n["status"]!.GetValue<string>().ShouldBe("SCHEDULED");
        n["method"]!.GetValue<string>().ShouldBe("PUSH");
        n["notificationTime"]!.GetValue<DateTimeOffset>().ShouldBe(s.App.Clock.GetUtcNow());
    }

    [Fact]
    public async Task LogEntries_LangAndPaging_RenderTheTimeline()
    {
        var (s, _, _, _, _, key) = await SetupAsync();
        await using var _ = s;
        var id = await s.AlertFromEventAsync(key, "log");
        await s.App.RunEscalationAsync();
        await s.SendAsync(HttpMethod.Put, $"/alerts/{id}/accept", null, HttpStatusCode.OK);

        var en = await s.GetAsync($"/alerts/{id}/log-entries");
        IlertSchema.AssertResponse(en, "/alerts/{id}/log-entries", "get", "200");
        var types = en.AsArray().Select(e => e!["logEntryType"]!.GetValue<string>()).ToList();
        types.ShouldBe(["AlertReceivedLogEntry", "AlertAssignedToPolicyLogEntry", "AlertEscalatedToLevelLogEntry", "UserResponseLogEntry"]);
        en[0]!["text"]!.GetValue<string>().ShouldBe("Alert created: Checkout down");
        en[0]!["alertId"]!.GetValue<long>().ShouldBe(id);
        en[2]!["filterTypes"]![0]!.GetValue<string>().ShouldBe("NOTIFICATIONS");

        var de = await s.GetAsync($"/alerts/{id}/log-entries?lang=de");
        de[0]!["text"]!.GetValue<string>().ShouldBe("Alarm empfangen: Checkout down");
        de[2]!["text"]!.GetValue<string>().ShouldBe("Eskaliert auf Stufe 1: Alice Archer");
        de[3]!["text"]!.GetValue<string>().ShouldStartWith("Angenommen");

        var page = await s.GetAsync($"/alerts/{id}/log-entries?start-index=1&max-results=2");
        page.AsArray().Select(e => e!["id"]!.GetValue<long>()).ShouldBe(en.AsArray().Skip(1).Take(2).Select(e => e!["id"]!.GetValue<long>()));
        await ErrorAsync(await s.Client.GetAsync($"{Base}/alerts/{id}/log-entries?max-results=101"), HttpStatusCode.BadRequest, "BAD_REQUEST");
        await ErrorAsync(await s.Client.GetAsync($"{Base}/alerts/{id}/log-entries?lang=fr"), HttpStatusCode.BadRequest, "BAD_REQUEST");
        await ErrorAsync(await s.Client.GetAsync($"{Base}/alerts/99999/log-entries"), HttpStatusCode.NotFound, "NOT_FOUND");
    }
}
