using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Tocsin.Core.Tenancy;
using Tocsin.Server.Tests.Infrastructure;
using Tocsin.Server.Tests.Notifications;
using Tocsin.Server.Tests.OnCall;
using static Tocsin.Server.Tests.Dialects.Ilert.IlertScenario;

namespace Tocsin.Server.Tests.Dialects.Ilert;

/// <summary>#8: ilert's alertCreation modes act on events, an accepting user becomes an ACCEPTED responder, and a page reaches a real receiver.</summary>
public sealed class IlertCreationAndResponderTests
{
    private static async Task<string> SourceAsync(IlertScenario s, long policy, object extra)
    {
        var body = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(extra))!.AsObject();
        body["name"] = "Checkout";
        body["integrationType"] = "API";
        body["escalationPolicy"] = new JsonObject { ["id"] = policy };
        return (await s.SendAsync(HttpMethod.Post, "/alert-sources", body, HttpStatusCode.Created))["integrationKey"]!.GetValue<string>();
    }

    [Fact]
    public async Task AlertCreation_GroupedPerWindow_EventsWithinTheWindowShareOneAlert()
    {
        await using var s = await StartAsync();
        var policy = await s.PolicyAsync((await s.UserAsync("Alice", "Archer"), 5));
        var key = await SourceAsync(s, policy, new { alertCreation = "ONE_ALERT_GROUPED_PER_WINDOW", alertGroupingWindow = "PT10M" });
        (await s.GetAsync("/alert-sources")).AsArray()[0]!["alertGroupingWindow"]!.GetValue<string>().ShouldBe("PT10M");

        (await s.EventAsync(key, "ALERT", "a", "api 5xx"))["responseCode"]!.GetValue<string>().ShouldBe("NEW_ALERT_CREATED");
        s.App.Clock.Advance(TimeSpan.FromMinutes(9));
        (await s.EventAsync(key, "ALERT", "b", "db slow"))["responseCode"]!.GetValue<string>().ShouldBe("ALERT_UPDATED");
        s.App.Clock.Advance(TimeSpan.FromMinutes(2));
        (await s.EventAsync(key, "ALERT", "c", "cache"))["responseCode"]!.GetValue<string>().ShouldBe("NEW_ALERT_CREATED");
        (await s.GetAsync("/alerts")).AsArray().Count.ShouldBe(2);
    }

    [Fact]
    public async Task AlertCreation_OnePendingAllowed_AcceptedAlertTakesNoMoreKeylessEvents()
    {
        await using var s = await StartAsync();
        var policy = await s.PolicyAsync((await s.UserAsync("Alice", "Archer"), 5));
        var key = await SourceAsync(s, policy, new { alertCreation = "ONE_PENDING_ALERT_ALLOWED" });
        (await s.EventAsync(key, "ALERT"))["responseCode"]!.GetValue<string>().ShouldBe("NEW_ALERT_CREATED");
        var pending = await s.EventAsync(key, "ALERT");
        pending["responseCode"]!.GetValue<string>().ShouldBe("ALERT_UPDATED");
        var id = pending["alertUrl"]!.GetValue<string>().Split('/')[^1];
        await s.SendAsync(HttpMethod.Put, $"/alerts/{id}/accept", null, HttpStatusCode.OK);
        (await s.EventAsync(key, "ALERT"))["responseCode"]!.GetValue<string>().ShouldBe("NEW_ALERT_CREATED");
        (await s.GetAsync("/alerts?states=PENDING")).AsArray().Count.ShouldBe(1);
        (await s.GetAsync("/alerts?states=ACCEPTED")).AsArray().Count.ShouldBe(1);
        (await s.GetAsync("/alert-sources")).AsArray()[0]!["alertCreation"]!.GetValue<string>().ShouldBe("ONE_PENDING_ALERT_ALLOWED");
    }

    [Theory]
    [InlineData("ONE_ALERT_GROUPED_PER_WINDOW", null)]
    [InlineData("ONE_OPEN_ALERT_ALLOWED", "PT5M")]
    [InlineData("OPEN_RESOLVE_ON_EXTRACTION", "PT5M")]
    [InlineData("INTELLIGENT_GROUPING", null)]
    public async Task AlertCreation_BadCombination_IlertBadRequest(string mode, string? window)
    {
        await using var s = await StartAsync();
        var policy = await s.PolicyAsync((await s.UserAsync("Alice", "Archer"), 5));
        var response = await s.Client.PostAsJsonAsync(Base + "/alert-sources",
            new { name = "x", integrationType = "API", escalationPolicy = new { id = policy }, alertCreation = mode, alertGroupingWindow = window });
        await ErrorAsync(response, HttpStatusCode.BadRequest, "BAD_REQUEST");
    }

    [Fact]
    public async Task Accept_ByUserBoundKey_ResponderAcceptedWithAcceptedAt()
    {
        await using var s = await StartAsync();
        var alice = await s.UserAsync("Alice", "Archer");
        var (_, key) = await s.SourceAsync(await s.PolicyAsync((alice, 5)));
        var id = await s.AlertFromEventAsync(key, "k1");
        using var asAlice = await s.App.ClientWithAsync([Permission.AlertsRead, Permission.AlertsWrite], userId: alice);
        s.App.Clock.Advance(TimeSpan.FromMinutes(2));

        var accepted = (await (await asAlice.PutAsync($"{Base}/alerts/{id}/accept", null)).StatusAsync(HttpStatusCode.OK))!;
        var responder = accepted["responders"]!.AsArray().ShouldHaveSingleItem()!;
        responder["user"]!["id"]!.GetValue<long>().ShouldBe(alice);
        responder["status"]!.GetValue<string>().ShouldBe("ACCEPTED");
        responder["acceptedAt"]!.GetValue<DateTimeOffset>().ShouldBe(s.App.Clock.GetUtcNow());
        IlertSchema.AssertResponse(await s.GetAsync($"/alerts/{id}"), "/alerts/{id}", "get", "200");
    }

    [Fact]
    public async Task Accept_ByResponderAddedBefore_SameEntryTurnsAccepted()
    {
        await using var s = await StartAsync();
        var alice = await s.UserAsync("Alice", "Archer");
        var bob = await s.UserAsync("Bob", "Baker");
        var (_, key) = await s.SourceAsync(await s.PolicyAsync((alice, 5)));
        var id = await s.AlertFromEventAsync(key, "k1");
        await s.SendAsync(HttpMethod.Post, $"/alerts/{id}/responders", new { user = new { id = bob } }, HttpStatusCode.Created);
        (await s.GetAsync($"/alerts/{id}"))["responders"]![0]!["status"]!.GetValue<string>().ShouldBe("PENDING");
        using var asBob = await s.App.ClientWithAsync([Permission.AlertsRead, Permission.AlertsWrite], userId: bob);
        (await asBob.PutAsync($"{Base}/alerts/{id}/accept", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var responders = (await s.GetAsync($"/alerts/{id}"))["responders"]!.AsArray();
        responders.ShouldHaveSingleItem()!["status"]!.GetValue<string>().ShouldBe("ACCEPTED");
        // An API key bound to nobody accepts the alert but names no responder.
        var id2 = await s.AlertFromEventAsync(key, "k2");
        (await s.SendAsync(HttpMethod.Put, $"/alerts/{id2}/accept", null, HttpStatusCode.OK))["responders"]!.AsArray().ShouldBeEmpty();
    }

    /// <summary>#8 end to end with a real receiver: event → escalation pages the on-call user's webhook → accept → nobody else → resolve.</summary>
    [Fact]
    public async Task Flow_PageReachesRealWebhookReceiver_AcceptStopsEscalation()
    {
        await using var sink = await HttpSink.StartAsync();
        await using var s = await StartAsync(NotificationScenario.Options());
        var alice = await s.UserAsync("Alice", "Archer");
        var bob = await s.UserAsync("Bob", "Baker");
        await s.App.ContactMethodAsync(alice, "webhook", sink.Url("/alice").ToString());
        await s.App.ContactMethodAsync(bob, "webhook", sink.Url("/bob").ToString());
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
        await s.App.RunDeliveryAsync();
        var page = sink.Requests.ShouldHaveSingleItem();
        page.Path.ShouldBe("/alice");
        page.BodyText.ShouldContain("Primary DB down");

        using var asAlice = await s.App.ClientWithAsync([Permission.AlertsRead, Permission.AlertsWrite], userId: alice);
        s.App.Clock.Advance(TimeSpan.FromMinutes(2));
        (await (await asAlice.PutAsync($"{Base}/alerts/{id}/accept", null)).StatusAsync(HttpStatusCode.OK))!["status"]!.GetValue<string>().ShouldBe("ACCEPTED");
        s.App.Clock.Advance(TimeSpan.FromHours(1));
        await s.App.RunEscalationAsync();
        await s.App.RunDeliveryAsync();
        // Alice also hears that the alert was accepted; Bob's receiver never hears of it.
        sink.Requests.Select(r => r.Path).Distinct().ShouldBe(["/alice"], "accepting stops escalation: Bob's receiver never hears of it");

        (await s.SendAsync(HttpMethod.Put, $"/alerts/{id}/resolve", null, HttpStatusCode.OK))["status"]!.GetValue<string>().ShouldBe("RESOLVED");
    }
}
