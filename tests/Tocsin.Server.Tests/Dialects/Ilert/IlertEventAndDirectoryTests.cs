using System.Net;
using System.Net.Http.Json;
using System.Text;
using Tocsin.Core.Tenancy;
using Tocsin.Server.Tests.Infrastructure;
using Tocsin.Server.Tests.OnCall;
using static Tocsin.Server.Tests.Dialects.Ilert.IlertScenario;

namespace Tocsin.Server.Tests.Dialects.Ilert;

/// <summary>ilert's events API, auth and errors, the directory resources, and the end-to-end flow.</summary>
public sealed class IlertEventAndDirectoryTests
{
    [Fact]
    public async Task Events_RepeatedAlertKey_KeepsOneAlert()
    {
        await using var s = await StartAsync();
        var alice = await s.UserAsync("Alice", "Archer");
        var (_, key) = await s.SourceAsync(await s.PolicyAsync((alice, 5)));
        var first = await s.EventAsync(key, "ALERT", "srv/mail01", "Host srv/mail01 is CRITICAL");
        first["responseCode"]!.GetValue<string>().ShouldBe("NEW_ALERT_CREATED");
        first["alertKey"]!.GetValue<string>().ShouldBe("srv/mail01");
        var again = await s.EventAsync(key, "ALERT", " srv/mail01 ", "Host srv/mail01 is still CRITICAL");
        again["responseCode"]!.GetValue<string>().ShouldBe("ALERT_UPDATED");
        var alerts = (await s.GetAsync("/alerts")).AsArray();
        alerts.ShouldHaveSingleItem()!["summary"]!.GetValue<string>().ShouldBe("Host srv/mail01 is still CRITICAL");
        first["alertUrl"]!.GetValue<string>().ShouldEndWith($"/compat/ilert/api/alerts/{alerts[0]!["id"]}");
    }

    [Fact]
    public async Task Events_AcceptCommentResolve_ActOnTheAlertWithTheKey()
    {
        await using var s = await StartAsync();
        var alice = await s.UserAsync("Alice", "Archer");
        var (_, key) = await s.SourceAsync(await s.PolicyAsync((alice, 5)));
        var id = await s.AlertFromEventAsync(key, "k1");
        (await s.EventAsync(key, "ACCEPT", "k1", null))["responseCode"]!.GetValue<string>().ShouldBe("ALERT_ACCEPTED");
        (await s.GetAsync($"/alerts/{id}"))["status"]!.GetValue<string>().ShouldBe("ACCEPTED");
        (await s.EventAsync(key, "COMMENT", "k1", null, new { comments = new[] { new { creator = "ops-bot", content = "restarted postfix" } } }))
            ["responseCode"]!.GetValue<string>().ShouldBe("COMMENT_ADDED");
        (await s.GetAsync($"/alerts/{id}/log-entries")).AsArray().Select(e => e!["text"]!.GetValue<string>()).ShouldContain("ops-bot: restarted postfix");
        (await s.EventAsync(key, "RESOLVE", "k1", null))["responseCode"]!.GetValue<string>().ShouldBe("ALERT_RESOLVED");
        (await s.GetAsync($"/alerts/{id}"))["status"]!.GetValue<string>().ShouldBe("RESOLVED");
        (await s.EventAsync(key, "RESOLVE", "k1", null))["responseCode"]!.GetValue<string>().ShouldBe("NO_OPEN_ALERT_FOUND");
        // A key that was resolved opens a new alert.
        (await s.EventAsync(key, "ALERT", "k1"))["responseCode"]!.GetValue<string>().ShouldBe("NEW_ALERT_CREATED");
    }

    [Fact]
    public async Task Events_LegacyApiKeyAndPerSourceUrl_AreAccepted()
    {
        await using var s = await StartAsync();
        var alice = await s.UserAsync("Alice", "Archer");
        var (source, key) = await s.SourceAsync(await s.PolicyAsync((alice, 5)));
        using var anonymous = s.App.CreateClient(null);
        (await anonymous.PostAsJsonAsync(Base + "/v1/events", new { apiKey = key, eventType = "ALERT", summary = "legacy", alertKey = "a" })).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await anonymous.PostAsJsonAsync($"{Base}/v1/events/mqtt/{key}", new { eventType = "ALERT", summary = "by url", alertKey = "b" })).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var alerts = (await s.GetAsync($"/alerts?sources={source}")).AsArray();
        alerts.Select(a => a!["summary"]!.GetValue<string>()).ShouldBe(["legacy", "by url"]);
        (await s.GetAsync($"/alert-sources/{source}"))["integrationUrl"]!.GetValue<string>().ShouldEndWith($"/compat/ilert/api/v1/events/api/{key}");
    }

    [Theory]
    [InlineData("{\"integrationKey\":\"nope\",\"eventType\":\"ALERT\",\"summary\":\"x\"}", "integrationKey")]
    [InlineData("{\"integrationKey\":\"KEY\",\"eventType\":\"EXPLODE\",\"summary\":\"x\"}", "eventType")]
    [InlineData("{\"integrationKey\":\"KEY\",\"eventType\":\"ALERT\"}", "summary")]
    [InlineData("{\"integrationKey\":\"KEY\",\"eventType\":\"ALERT\",\"summary\":\"x\",\"priority\":\"P1\"}", "priority")]
    [InlineData("{\"integrationKey\":\"KEY\",\"eventType\":\"ACCEPT\"}", "alertKey")]
    [InlineData("{\"eventType\":\"ALERT\",\"summary\":\"x\"}", "integrationKey")]
    [InlineData("{\"integrationKey\":", "")]
    [InlineData("[1,2]", "")]
    public async Task Events_BadInput_IlertBadRequest(string json, string mentions)
    {
        await using var s = await StartAsync();
        var alice = await s.UserAsync("Alice", "Archer");
        var (_, key) = await s.SourceAsync(await s.PolicyAsync((alice, 5)));
        using var anonymous = s.App.CreateClient(null);
        var response = await anonymous.PostAsync(Base + "/events", new StringContent(json.Replace("KEY", key), Encoding.UTF8, "application/json"));
        var error = await ErrorAsync(response, HttpStatusCode.BadRequest, "BAD_REQUEST");
        error["message"]!.GetValue<string>().ShouldContain(mentions);
    }

    [Fact]
    public async Task Auth_MissingBadRawAndBearerKeys_AnswerAsIlert()
    {
        await using var s = await StartAsync();
        using var none = s.App.CreateClient(null);
        await ErrorAsync(await none.GetAsync(Base + "/alerts"), HttpStatusCode.Unauthorized, "KEY_ERROR");
        using var bad = s.App.CreateClient(null).WithBearer("not-a-key");
        await ErrorAsync(await bad.GetAsync(Base + "/alerts"), HttpStatusCode.Forbidden, "KEY_ERROR");
        using var raw = s.App.CreateClient(null).WithRawKey(TocsinApp.AdminKey);
        (await raw.GetAsync(Base + "/alerts")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var readOnly = await s.App.ClientWithAsync([Permission.AlertsRead]);
        (await readOnly.GetAsync(Base + "/alerts/count")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await ErrorAsync(await readOnly.PostAsJsonAsync(Base + "/users", new { firstName = "x", lastName = "y", email = "x@y.z" }), HttpStatusCode.Forbidden, "FORBIDDEN");
    }

    [Fact]
    public async Task Users_Crud_InIlertShape()
    {
        await using var s = await StartAsync();
        var created = await s.SendAsync(HttpMethod.Post, "/users", new { firstName = "Jane", lastName = "Doe Smith", email = "jd@example.com", timezone = "America/New_York", language = "de", role = "ADMIN" }, HttpStatusCode.Created);
        IlertSchema.AssertResponse(created, "/users", "post", "201");
        var id = created["id"]!.GetValue<long>();
        created["lastName"]!.GetValue<string>().ShouldBe("Doe Smith");
        created["role"]!.GetValue<string>().ShouldBe("ADMIN");
        created["language"]!.GetValue<string>().ShouldBe("de");
        IlertSchema.AssertResponse(await s.GetAsync($"/users/{id}"), "/users/{user-id}", "get", "200");
        var updated = await s.SendAsync(HttpMethod.Put, $"/users/{id}", new { firstName = "Jane", lastName = "Roe", email = "jr@example.com", role = "STAKEHOLDER" }, HttpStatusCode.OK);
        updated["role"]!.GetValue<string>().ShouldBe("STAKEHOLDER");
        IlertSchema.AssertResponse(await s.GetAsync("/users"), "/users", "get", "200");
        await ErrorAsync(await s.Client.PostAsJsonAsync(Base + "/users", new { firstName = "x", lastName = "y", email = "q@example.com", role = "GOD" }), HttpStatusCode.BadRequest, "BAD_REQUEST");
        await ErrorAsync(await s.Client.PostAsJsonAsync(Base + "/users", new { firstName = "x", lastName = "y" }), HttpStatusCode.BadRequest, "BAD_REQUEST");
        (await s.Client.DeleteAsync($"{Base}/users/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await ErrorAsync(await s.Client.GetAsync($"{Base}/users/{id}"), HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task PoliciesAndSources_Crud_InIlertShape()
    {
        await using var s = await StartAsync();
        var alice = await s.UserAsync("Alice", "Archer");
        var policy = await s.SendAsync(HttpMethod.Post, "/escalation-policies", new
        {
            name = "Primary", repeating = true, frequency = 2, delayMin = 1,
            escalationRules = new[] { new { escalationTimeout = 15, users = new[] { new { id = alice } } } },
        }, HttpStatusCode.Created);
        IlertSchema.AssertResponse(policy, "/escalation-policies", "post", "201");
        var policyId = policy["id"]!.GetValue<long>();
        policy["frequency"]!.GetValue<int>().ShouldBe(2);
        policy["escalationRules"]![0]!["users"]![0]!["firstName"]!.GetValue<string>().ShouldBe("Alice");
        IlertSchema.AssertResponse(await s.GetAsync("/escalation-policies"), "/escalation-policies", "get", "200");
        var renamed = await s.SendAsync(HttpMethod.Put, $"/escalation-policies/{policyId}", new { name = "Renamed", escalationRules = new[] { new { escalationTimeout = 5, user = new { id = alice } } } }, HttpStatusCode.OK);
        renamed["repeating"]!.GetValue<bool>().ShouldBeFalse();
        await ErrorAsync(await s.Client.PostAsJsonAsync(Base + "/escalation-policies", new { name = "Empty" }), HttpStatusCode.BadRequest, "BAD_REQUEST");

        var source = await s.SendAsync(HttpMethod.Post, "/alert-sources", new
        {
            name = "Checkout", integrationType = "API", escalationPolicy = new { id = policyId }, alertCreation = "ONE_OPEN_ALERT_ALLOWED",
            alertPriorityRule = "HIGH_DURING_SUPPORT_HOURS", autoResolutionTimeout = "PT30M",
            supportHours = new { timezone = "Europe/Berlin", supportDays = new Dictionary<string, object> { ["TUESDAY"] = new { start = "09:00", end = "17:00" } } },
        }, HttpStatusCode.Created);
        IlertSchema.AssertResponse(source, "/alert-sources", "post", "201");
        var sourceId = source["id"]!.GetValue<long>();
        var key = source["integrationKey"]!.GetValue<string>();
        key.ShouldNotBeNullOrWhiteSpace();
        source["alertCreation"]!.GetValue<string>().ShouldBe("ONE_OPEN_ALERT_ALLOWED");
        source["autoResolutionTimeout"]!.GetValue<string>().ShouldBe("PT30M");
        source["escalationPolicy"]!["name"]!.GetValue<string>().ShouldBe("Renamed");
        source["supportHours"]!["supportDays"]!["TUESDAY"]!["end"]!.GetValue<string>().ShouldBe("17:00:00");
        var updated = await s.SendAsync(HttpMethod.Put, $"/alert-sources/{sourceId}", new { name = "Checkout EU", integrationType = "API", escalationPolicy = new { id = policyId } }, HttpStatusCode.OK);
        updated["integrationKey"]!.GetValue<string>().ShouldBe(key);
        updated["alertPriorityRule"]!.GetValue<string>().ShouldBe("HIGH");
        IlertSchema.AssertResponse(await s.GetAsync("/alert-sources"), "/alert-sources", "get", "200");
        await ErrorAsync(await s.Client.PostAsJsonAsync(Base + "/alert-sources", new { name = "x", integrationType = "API", escalationPolicy = new { id = policyId }, alertCreation = "INTELLIGENT_GROUPING" }), HttpStatusCode.BadRequest, "BAD_REQUEST");
        await ErrorAsync(await s.Client.PostAsJsonAsync(Base + "/alert-sources", new { name = "x", integrationType = "API" }), HttpStatusCode.BadRequest, "BAD_REQUEST");
        (await s.Client.DeleteAsync($"{Base}/alert-sources/{sourceId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await ErrorAsync(await s.Client.GetAsync($"{Base}/alert-sources/{sourceId}"), HttpStatusCode.NotFound, "NOT_FOUND");
        (await s.Client.DeleteAsync($"{Base}/escalation-policies/{policyId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Schedules_Read_InIlertShapeWithCurrentShift()
    {
        await using var s = await StartAsync();
        var alice = await s.UserAsync("Alice", "Archer");
        var bob = await s.UserAsync("Bob", "Baker");
        var id = (await s.App.Client.PostOkAsync("/api/v1/schedules", new
        {
            name = "Ops", timeZone = "Europe/Berlin",
            layers = new[] { new { users = new[] { alice, bob }, start = "2026-03-27T09:00:00+01:00", shiftLength = new { unit = "days", count = 1 }, handoffTime = "09:00" } },
        }))["id"]!.GetValue<long>();
        var list = await s.GetAsync("/schedules");
        IlertSchema.AssertResponse(list, "/schedules", "get", "200");
        var one = await s.GetAsync($"/schedules/{id}");
        IlertSchema.AssertResponse(one, "/schedules/{id}", "get", "200");
        one["type"]!.GetValue<string>().ShouldBe("RECURRING");
        one["scheduleLayers"]![0]!["rotation"]!.GetValue<string>().ShouldBe("P1D");
        // 2026-03-28 12:00Z: the second day of the rotation, Bob's shift.
        one["currentShift"]!["user"]!["id"]!.GetValue<long>().ShouldBe(bob);
        one["nextShift"]!["user"]!["id"]!.GetValue<long>().ShouldBe(alice);
        await ErrorAsync(await s.Client.GetAsync($"{Base}/schedules/999"), HttpStatusCode.NotFound, "NOT_FOUND");
    }

    /// <summary>#8 end to end: event → alert → escalation pages the on-call user → accept stops escalation → resolve.</summary>
    [Fact]
    public async Task Flow_Event_Escalates_Accepted_NoFurtherEscalation_Resolved()
    {
        await using var s = await StartAsync();
        var alice = await s.UserAsync("Alice", "Archer");
        var bob = await s.UserAsync("Bob", "Baker");
        var schedule = (await s.App.Client.PostOkAsync("/api/v1/schedules", new
        {
            name = "Ops", timeZone = "Europe/Berlin",
            layers = new[] { new { users = new[] { alice }, start = "2026-03-01T09:00:00+01:00", shiftLength = new { unit = "weeks", count = 1 }, handoffTime = "09:00" } },
        }))["id"]!.GetValue<long>();
        var policy = (await s.SendAsync(HttpMethod.Post, "/escalation-policies", new
        {
            name = "On call first",
            escalationRules = new object[] { new { escalationTimeout = 5, schedules = new[] { new { id = schedule } } }, new { escalationTimeout = 10, users = new[] { new { id = bob } } } },
        }, HttpStatusCode.Created))["id"]!.GetValue<long>();
        var (_, key) = await s.SourceAsync(policy);

        await s.EventAsync(key, "ALERT", "db/primary", "Primary DB down");
        var id = (await s.GetAsync("/alerts")).AsArray().ShouldHaveSingleItem()!["id"]!.GetValue<long>();
        await s.App.RunEscalationAsync();
        var notified = (await s.GetAsync($"/alerts/{id}/notifications")).AsArray();
        notified.ShouldHaveSingleItem()!["user"]!["id"]!.GetValue<long>().ShouldBe(alice);
        (await s.GetAsync($"/alerts/{id}"))["nextEscalationUser"]!["id"]!.GetValue<long>().ShouldBe(bob);

        s.App.Clock.Advance(TimeSpan.FromMinutes(2));
        (await s.SendAsync(HttpMethod.Put, $"/alerts/{id}/accept", null, HttpStatusCode.OK))["status"]!.GetValue<string>().ShouldBe("ACCEPTED");
        s.App.Clock.Advance(TimeSpan.FromHours(1));
        await s.App.RunEscalationAsync();
        // Alice hears that the alert was accepted (she was paged); Bob is never paged.
        (await s.GetAsync($"/alerts/{id}/notifications")).AsArray().Select(n => n!["user"]!["id"]!.GetValue<long>()).Distinct()
            .ShouldBe([alice], "accepting stops escalation: Bob is never paged");
        var accepted = await s.GetAsync($"/alerts/{id}");
        accepted["nextEscalation"].ShouldBeNull();

        var resolved = await s.SendAsync(HttpMethod.Put, $"/alerts/{id}/resolve", null, HttpStatusCode.OK);
        resolved["status"]!.GetValue<string>().ShouldBe("RESOLVED");
        (await s.GetAsync("/alerts/count?states=PENDING&states=ACCEPTED"))["count"]!.GetValue<long>().ShouldBe(0);
    }
}
