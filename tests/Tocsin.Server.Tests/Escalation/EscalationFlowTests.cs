using System.Net;
using System.Net.Http.Json;
using Tocsin.Server.Tests.Infrastructure;
using Tocsin.Server.Tests.OnCall;

namespace Tocsin.Server.Tests.Escalation;

public sealed class EscalationFlowTests
{
    private static async Task<(TocsinApp App, long Alice, long Bob, long Carol, string Key)> SetupAsync(int repeat = 0)
    {
        var app = await TocsinApp.StartAsync();
        var alice = await app.UserAsync("Alice");
        var bob = await app.UserAsync("Bob");
        var carol = await app.UserAsync("Carol");
        var policy = await app.PolicyAsync([(alice, 5), (bob, 10), (carol, 15)], repeat);
        var (_, key) = await app.SourceAsync(policy);
        return (app, alice, bob, carol, key);
    }

    [Fact]
    public async Task Flow_ThreeRulesWithRepeat_PagesEachRuleOnTimeThenDrops()
    {
        var (app, alice, bob, carol, key) = await SetupAsync(repeat: 1);
        await using var _ = app;
        var alert = await app.TriggerFromAsync(key);

        await app.RunEscalationAsync();
        (await app.PagesAsync(alert)).ShouldBe([$"triggered:{alice}"]);

        app.Clock.Advance(TimeSpan.FromMinutes(4));
        await app.RunEscalationAsync();
        (await app.PagesAsync(alert)).Length.ShouldBe(1, "rule 1's timeout has not run out yet");

        foreach (var minutes in new[] { 1, 10, 15, 5, 10 }) { app.Clock.Advance(TimeSpan.FromMinutes(minutes)); await app.RunEscalationAsync(); }
        (await app.PagesAsync(alert)).ShouldBe([$"triggered:{alice}", $"escalated:{bob}", $"escalated:{carol}", $"escalated:{alice}", $"escalated:{bob}", $"escalated:{carol}"]);
        (await app.StatusOfAsync(alert)).ShouldBe("triggered");

        app.Clock.Advance(TimeSpan.FromMinutes(15));
        await app.RunEscalationAsync();
        (await app.StatusOfAsync(alert)).ShouldBe("dropped");
        (await app.PagesAsync(alert)).Last().ShouldBe($"dropped:{carol}");
        var timeline = await app.TimelineAsync(alert);
        timeline.Select(e => e!["text"]!.GetValue<string>()).ShouldContain("Escalated to rule 2: Bob");
        timeline.Select(e => e!["type"]!.GetValue<string>()).ShouldContain("dropped");

        app.Clock.Advance(TimeSpan.FromHours(1));
        (await app.RunEscalationAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task Acknowledge_MidEscalation_StopsPaging()
    {
        var (app, alice, bob, _, key) = await SetupAsync();
        await using var __ = app;
        var alert = await app.TriggerFromAsync(key);
        await app.RunEscalationAsync();
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await app.RunEscalationAsync();
        await (await app.Client.PostAsync($"/api/v1/alerts/{alert}/acknowledge", null)).StatusAsync(HttpStatusCode.OK);

        app.Clock.Advance(TimeSpan.FromHours(2));
        await app.RunEscalationAsync();
        (await app.PagesAsync(alert)).ShouldBe([$"triggered:{alice}", $"escalated:{bob}"]);
        (await app.StatusOfAsync(alert)).ShouldBe("acknowledged");
    }

    [Fact]
    public async Task Unacknowledge_AfterAck_PagesTheLastRuleAgain()
    {
        var (app, alice, _, _, key) = await SetupAsync();
        await using var __ = app;
        var alert = await app.TriggerFromAsync(key);
        await app.RunEscalationAsync();
        await (await app.Client.PostAsync($"/api/v1/alerts/{alert}/acknowledge", null)).StatusAsync(HttpStatusCode.OK);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await (await app.Client.PostAsync($"/api/v1/alerts/{alert}/unacknowledge", null)).StatusAsync(HttpStatusCode.OK);
        (await app.PagesAsync(alert)).ShouldBe([$"triggered:{alice}", $"triggered:{alice}"]);
    }

    [Fact]
    public async Task Resolve_MidEscalation_StopsPaging()
    {
        var (app, alice, _, _, key) = await SetupAsync();
        await using var __ = app;
        var alert = await app.TriggerFromAsync(key);
        await app.RunEscalationAsync();
        await (await app.Client.PostAsync($"/api/v1/alerts/{alert}/resolve", null)).StatusAsync(HttpStatusCode.OK);
        app.Clock.Advance(TimeSpan.FromHours(2));
        await app.RunEscalationAsync();
        (await app.PagesAsync(alert)).ShouldBe([$"triggered:{alice}"]);
    }

    [Fact]
    public async Task Reject_SkipsToTheNextRuleImmediately()
    {
        var (app, alice, bob, carol, key) = await SetupAsync();
        await using var __ = app;
        var alert = await app.TriggerFromAsync(key);
        await app.RunEscalationAsync();

        await (await app.Client.PostAsJsonAsync($"/api/v1/alerts/{alert}/reject", new { note = "on a plane" })).StatusAsync(HttpStatusCode.OK);
        (await app.PagesAsync(alert)).ShouldBe([$"triggered:{alice}", $"escalated:{bob}"]);

        // Bob's own timeout (10 min) now runs from the reject, not from the trigger.
        app.Clock.Advance(TimeSpan.FromMinutes(9));
        await app.RunEscalationAsync();
        (await app.PagesAsync(alert)).Length.ShouldBe(2);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await app.RunEscalationAsync();
        (await app.PagesAsync(alert)).Last().ShouldBe($"escalated:{carol}");
        (await app.TimelineAsync(alert)).Select(e => e!["type"]!.GetValue<string>()).ShouldContain("rejected");
    }

    [Fact]
    public async Task Handoff_ToUser_RecordsFromToAndNotifiesNewTarget()
    {
        var (app, alice, bob, _, key) = await SetupAsync();
        await using var __ = app;
        var alert = await app.TriggerFromAsync(key);
        await app.RunEscalationAsync();
        await (await app.Client.PostAsJsonAsync($"/api/v1/alerts/{alert}/assign", new { userId = alice })).StatusAsync(HttpStatusCode.OK);
        await (await app.Client.PostAsync($"/api/v1/alerts/{alert}/acknowledge", null)).StatusAsync(HttpStatusCode.OK);

        var body = await (await app.Client.PostAsJsonAsync($"/api/v1/alerts/{alert}/handoff", new { userId = bob, note = "shift over" })).StatusAsync(HttpStatusCode.OK);
        body!["assigneeUserId"]!.GetValue<long>().ShouldBe(bob);
        body["status"]!.GetValue<string>().ShouldBe("triggered", "the new target must acknowledge");
        (await app.PagesAsync(alert)).Last().ShouldBe($"handoff:{bob}");
        var entry = (await app.TimelineAsync(alert)).Single(e => e!["type"]!.GetValue<string>() == "handoff")!;
        entry["text"]!.GetValue<string>().ShouldBe("Handed off from Alice to Bob: shift over");
        entry["vars"]!["from"]!.GetValue<string>().ShouldBe($"user:{alice}");
        entry["vars"]!["to"]!.GetValue<string>().ShouldBe($"user:{bob}");
        entry["vars"]!["at"].ShouldNotBeNull();
    }

    [Fact]
    public async Task Restart_MidEscalation_ResumesOnTimeWithoutRepeats()
    {
        var (app, alice, bob, _, key) = await SetupAsync();
        await using var __ = app;
        var alert = await app.TriggerFromAsync(key);
        await app.RunEscalationAsync();

        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await app.RestartAsync();
        await app.RunEscalationAsync();
        await app.RunEscalationAsync();
        (await app.PagesAsync(alert)).ShouldBe([$"triggered:{alice}", $"escalated:{bob}"]);
    }

    [Fact]
    public async Task AssignPolicy_StartsAFreshSnapshot()
    {
        var (app, alice, bob, _, key) = await SetupAsync();
        await using var __ = app;
        var alert = await app.TriggerFromAsync(key);
        await app.RunEscalationAsync();
        var other = await app.PolicyAsync([(bob, 30)]);
        await (await app.Client.PostAsJsonAsync($"/api/v1/alerts/{alert}/assign", new { policyId = other })).StatusAsync(HttpStatusCode.OK);
        await app.RunEscalationAsync();
        (await app.PagesAsync(alert)).ShouldBe([$"triggered:{alice}", $"triggered:{bob}"]);
    }

    [Fact]
    public async Task Responders_AddListSuggestRemove()
    {
        var (app, alice, bob, carol, key) = await SetupAsync();
        await using var __ = app;
        var alert = await app.TriggerFromAsync(key);
        var added = await (await app.Client.PostAsJsonAsync($"/api/v1/alerts/{alert}/responders", new { userId = bob })).StatusAsync(HttpStatusCode.OK);
        added!["responders"]![0]!["userId"]!.GetValue<long>().ShouldBe(bob);
        var suggested = await (await app.Client.GetAsync($"/api/v1/alerts/{alert}/suggested-responders")).StatusAsync(HttpStatusCode.OK);
        suggested!["items"]!.AsArray().Select(x => x!["userId"]!.GetValue<long>()).ShouldBe([alice, carol]);
        await (await app.Client.DeleteAsync($"/api/v1/alerts/{alert}/responders/{bob}")).StatusAsync(HttpStatusCode.OK);
        await (await app.Client.DeleteAsync($"/api/v1/alerts/{alert}/responders/{bob}")).StatusAsync(HttpStatusCode.NotFound);
    }

    /// <summary>
    /// The writer re-runs the same escalation statements for every alert. On PostgreSQL they become prepared after five
    /// runs (Npgsql's automatic preparation, on by default), and a prepared command that was re-bound with new parameter
    /// objects kept sending the old values: alert 6 onward overwrote alert 5's escalation row and nobody was paged.
    /// </summary>
    [Fact]
    public async Task ManyAlertsFromOneSource_OneAfterAnother_EachStartsItsOwnEscalation()
    {
        var (app, alice, bob, _, key) = await SetupAsync();
        await using var _ = app;
        var alerts = new List<long>();
        for (var i = 0; i < 12; i++) alerts.Add(await app.TriggerFromAsync(key, $"Disk {i} full", $"disk-{i}"));

        await app.RunEscalationAsync();
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await app.RunEscalationAsync();

        foreach (var alert in alerts)
            (await app.PagesAsync(alert)).ShouldBe([$"triggered:{alice}", $"escalated:{bob}"], $"alert {alert} of {string.Join(',', alerts)}");
    }

    [Fact]
    public async Task Trigger_FirstRuleWithoutDelay_PagesInTheTriggersOwnCommit()
    {
        var (app, alice, _, _, key) = await SetupAsync();
        await using var _ = app;
        var alert = await app.TriggerFromAsync(key);

        // No escalation pass has run: the page was committed with the alert.
        (await app.PagesAsync(alert)).ShouldBe([$"triggered:{alice}"]);
        var texts = (await app.TimelineAsync(alert)).Select(e => e!["text"]!.GetValue<string>()).ToList();
        texts.ShouldContain("Escalation started: policy Primary");
        texts.ShouldContain("Escalated to rule 1: Alice");
        (await app.RunEscalationAsync()).ShouldBe(0, "rule 1 already ran; rule 2 is due in 5 minutes");
        (await app.PagesAsync(alert)).Length.ShouldBe(1);
    }

    [Fact]
    public async Task Trigger_PolicyWithInitialDelay_PagesOnlyWhenTheDelayRunsOut()
    {
        var app = await TocsinApp.StartAsync();
        await using var _ = app;
        var alice = await app.UserAsync("Alice");
        var policy = (await app.Client.PostOkAsync("/api/v1/escalation-policies", new
        {
            name = "Delayed",
            initialDelayMinutes = 2,
            rules = new[] { new { timeoutMinutes = 5, targets = new[] { new { kind = "user", id = alice } } } },
        }))["id"]!.GetValue<long>();
        var (_, key) = await app.SourceAsync(policy);
        var alert = await app.TriggerFromAsync(key);

        await app.RunEscalationAsync();
        (await app.PagesAsync(alert)).ShouldBeEmpty();
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        await app.RunEscalationAsync();
        (await app.PagesAsync(alert)).ShouldBe([$"triggered:{alice}"]);
    }

    [Fact]
    public async Task DirectoryChanges_BetweenAlerts_AreSeenByTheNextPage()
    {
        // The directory is cached across triggers and passes; every change must still reach the very next page.
        var app = await TocsinApp.StartAsync();
        await using var _ = app;
        var alice = await app.UserAsync("Alice");
        var bob = await app.UserAsync("Bob");
        var team = (await app.Client.PostOkAsync("/api/v1/teams", new { name = "Ops", members = new[] { new { kind = "user", id = alice, role = "lead" } } }))["id"]!.GetValue<long>();
        var policy = (await app.Client.PostOkAsync("/api/v1/escalation-policies", new
        {
            name = "Team",
            rules = new[] { new { timeoutMinutes = 5, targets = new[] { new { kind = "team", id = team } } } },
        }))["id"]!.GetValue<long>();
        var (_, key) = await app.SourceAsync(policy);

        var first = await app.TriggerFromAsync(key, "one", "k1");
        (await app.PagesAsync(first)).ShouldBe([$"triggered:{alice}"]);

        await (await app.Client.PutAsJsonAsync($"/api/v1/teams/{team}", new { name = "Ops", members = new[] { new { kind = "user", id = bob, role = "lead" } } }))
            .StatusAsync(HttpStatusCode.OK);
        var second = await app.TriggerFromAsync(key, "two", "k2");
        (await app.PagesAsync(second)).ShouldBe([$"triggered:{bob}"]);

        await (await app.Client.PutAsJsonAsync($"/api/v1/users/{bob}", new { name = "Robert", email = "bob@example.com", timeZone = "Europe/Berlin" }))
            .StatusAsync(HttpStatusCode.OK);
        var third = await app.TriggerFromAsync(key, "three", "k3");
        (await app.TimelineAsync(third)).Select(e => e!["text"]!.GetValue<string>()).ShouldContain("Escalated to rule 1: Robert");

        // The worker's pass sees changes too: when the one-rule policy runs out, the drop notice goes to the team as it is now.
        await (await app.Client.PutAsJsonAsync($"/api/v1/teams/{team}", new { name = "Ops", members = new[] { new { kind = "user", id = alice, role = "lead" } } }))
            .StatusAsync(HttpStatusCode.OK);
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await app.RunEscalationAsync();
        (await app.PagesAsync(second)).ShouldBe([$"triggered:{bob}", $"dropped:{alice}"]);
    }
}
