using System.Net;
using Microsoft.Playwright;
using Tocsin.Server.Tests.Infrastructure;
using Tocsin.Server.Tests.OnCall;
using static Microsoft.Playwright.Assertions;

namespace Tocsin.Server.Tests.WebConsole;

/// <summary>
/// The on-call, policy and source pages and the alert page's people actions in headless Chromium. The server runs on
/// the test's fake clock, not the browser's; the console takes "now" from the server's answers, which these tests rely on.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ConsoleOnCallBrowserTests(BrowserFixture browser)
{
    /// <summary>Alice on call from a day before the server's "now", in daily turns with nobody else.</summary>
    private static async Task<(long Schedule, long Alice, long Bob)> OpsScheduleAsync(TocsinApp app)
    {
        var start = app.Clock.GetUtcNow().AddDays(-1);
        var alice = await app.UserAsync("Alice");
        var bob = await app.UserAsync("Bob");
        var node = await app.Client.PostOkAsync("/api/v1/schedules", new
        {
            name = "Ops",
            timeZone = "Europe/Berlin",
            layers = new[] { new { name = "Primary", users = new[] { alice }, start, shiftLength = new { unit = "days", count = 1 }, handoffTime = TimeZoneInfo.ConvertTime(start, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin")).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture) } },
        });
        return (node["id"]!.GetValue<long>(), alice, bob);
    }

    [Fact]
    public async Task SchedulePage_AddOverride_OnCallNameChanges()
    {
        await using var app = await TocsinApp.StartAsync();
        var (schedule, _, bob) = await OpsScheduleAsync(app);
        // Berlin, not UTC: the form's local times must become the right instants.
        await using var s = await ConsoleSession.OpenAsync(browser, app, timeZone: "Europe/Berlin");
        await s.LoginAsync();

        await s.Page.ClickAsync("[data-nav='oncall']");
        var row = s.Page.Locator($"#oncall-list tr[data-id='{schedule}']");
        await Expect(row.Locator(".oncall-who")).ToHaveTextAsync("Alice");
        await s.ScreenshotAsync("oncall");
        await row.Locator("a").ClickAsync();

        await Expect(s.Page.Locator("#oncall-now")).ToHaveTextAsync("Alice");
        await Expect(s.Page.Locator(".cal-track.final .bar").First).ToContainTextAsync("Alice");
        var now = app.Clock.GetUtcNow();
        var minute = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        string Local(DateTimeOffset t) => TimeZoneInfo.ConvertTime(t, berlin).ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        await Expect(s.Page.Locator("#override-from")).ToHaveValueAsync(Local(minute));

        // Bad input first: the server's error appears next to the field it is about.
        await s.Page.SelectOptionAsync("#override-user", bob.ToString());
        await s.Page.FillAsync("#override-until", Local(minute.AddMinutes(-30)));
        await s.Page.ClickAsync("#override-form button[type=submit]");
        await Expect(s.Page.Locator("#override-until + .field-error")).ToHaveTextAsync("must be after from");
        await Expect(s.Page.Locator("#override-until")).ToHaveAttributeAsync("aria-invalid", "true");

        await s.Page.FillAsync("#override-until", Local(minute.AddHours(8)));
        await s.Page.ClickAsync("#override-form button[type=submit]");
        await Expect(s.Page.Locator("#oncall-now")).ToHaveTextAsync("Bob");
        await Expect(s.Page.Locator(".oncall-now")).ToContainTextAsync("(override)");
        await Expect(s.Page.Locator(".cal-track .bar.override")).ToContainTextAsync("Bob");
        await Expect(s.Page.Locator(".override-list li")).ToHaveCountAsync(1);
        await s.ScreenshotAsync("schedule");

        var overrides = (await (await app.Client.GetAsync($"/api/v1/schedules/{schedule}/overrides")).StatusAsync(HttpStatusCode.OK))!["items"]!.AsArray();
        overrides.Count.ShouldBe(1);
        overrides[0]!["from"]!.GetValue<DateTimeOffset>().ShouldBe(minute);
        overrides[0]!["until"]!.GetValue<DateTimeOffset>().ShouldBe(minute.AddHours(8));

        await s.Page.ClickAsync("[data-nav='oncall']");
        await Expect(s.Page.Locator($"#oncall-list tr[data-id='{schedule}'] .oncall-who")).ToHaveTextAsync("Bob");
        s.ShouldHaveNoScriptErrors();
    }

    [Fact]
    public async Task SchedulePage_Layers_EachGetsARowAboveFinal()
    {
        await using var app = await TocsinApp.StartAsync();
        var now = app.Clock.GetUtcNow();
        var alice = await app.UserAsync("Alice");
        var bob = await app.UserAsync("Bob");
        var handoff = now.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        // Bob's backup layer sits above Alice's primary one and ends in two days: final is Bob, then Alice.
        var schedule = (await app.Client.PostOkAsync("/api/v1/schedules", new
        {
            name = "Layered",
            timeZone = "UTC",
            layers = new object[]
            {
                new { name = "Primary", users = new[] { alice }, start = now.AddDays(-1), shiftLength = new { unit = "days", count = 1 }, handoffTime = handoff },
                new { name = "Backup", users = new[] { bob }, start = now.AddDays(-1), end = now.AddDays(2), shiftLength = new { unit = "days", count = 1 }, handoffTime = handoff },
            },
        }))["id"]!.GetValue<long>();
        await using var s = await ConsoleSession.OpenAsync(browser, app);
        await s.LoginAsync(hash: $"#/oncall/{schedule}");

        await Expect(s.Page.Locator("#oncall-now")).ToHaveTextAsync("Bob");
        // Top to bottom: the later layer, the earlier one, then what people actually work.
        await Expect(s.Page.Locator(".calendar .cal-label")).ToHaveTextAsync(["", "Backup", "Primary", "Final", "Overrides"]);
        var backup = s.Page.Locator(".cal-track.layer[data-layer='1']");
        var primary = s.Page.Locator(".cal-track.layer[data-layer='0']");
        var final = s.Page.Locator(".cal-track.final");
        await Expect(backup).ToContainTextAsync("Bob");
        await Expect(backup).Not.ToContainTextAsync("Alice");
        await Expect(primary).ToContainTextAsync("Alice");
        await Expect(primary).Not.ToContainTextAsync("Bob");
        await Expect(final.Locator(".bar").First).ToContainTextAsync("Bob");
        await Expect(final.Locator(".bar").Last).ToContainTextAsync("Alice");

        // Each row is that layer's own rotation as the server computes it for the calendar's range (UTC midnight, 2 weeks).
        var from = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        foreach (var (layer, row) in new[] { (0, primary), (1, backup) })
        {
            var items = (await (await app.Client.GetAsync(
                $"/api/v1/schedules/{schedule}/shifts?from={Uri.EscapeDataString(from.ToString("O"))}&until={Uri.EscapeDataString(from.AddDays(14).ToString("O"))}&layer={layer}"))
                .StatusAsync(HttpStatusCode.OK))!["items"]!.AsArray();
            items.Count.ShouldBeGreaterThan(1);
            await Expect(row.Locator(".bar")).ToHaveCountAsync(items.Count);
        }
        await s.ScreenshotAsync("schedule-layers");
        s.ShouldHaveNoScriptErrors();
    }

    [Fact]
    public async Task NewPolicyAndSource_CreatedInConsole_PageTheChosenPerson()
    {
        await using var app = await TocsinApp.StartAsync();
        var alice = await app.UserAsync("Alice");
        await using var s = await ConsoleSession.OpenAsync(browser, app);
        await s.LoginAsync(hash: "#/policies/new");

        await s.Page.FillAsync("#policy-name", "Checkout on-call");
        await s.Page.SelectOptionAsync("[name='rules[0].targets']", new[] { $"user:{alice}" });
        await s.Page.FillAsync("[name='rules[0].timeoutMinutes']", "10");
        await s.Page.ClickAsync("#policy-form button[type=submit]");
        await Expect(s.Page.Locator("#toast")).ToHaveTextAsync("Policy created");
        await Expect(s.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"#/policies/\d+$"));
        var policy = long.Parse(s.Page.Url.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);

        await s.Page.GotoAsync("/#/sources/new");
        await s.Page.ClickAsync("#source-form button[type=submit]"); // no name: the server's error, next to the field
        await Expect(s.Page.Locator("#source-name + .field-error")).ToBeVisibleAsync();
        await s.Page.FillAsync("#source-name", "Checkout API");
        await s.Page.SelectOptionAsync("#source-policy", policy.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await s.Page.ClickAsync("#source-form button[type=submit]");
        await Expect(s.Page.Locator("#toast")).ToHaveTextAsync("Source created");
        var key = s.Page.Locator("#integration-key");
        await Expect(key).Not.ToBeEmptyAsync();

        // The key shown is the one that works: an event sent with it is escalated to Alice under the new policy.
        var alert = await app.TriggerFromAsync((await key.TextContentAsync())!, "Payments failing");
        await app.RunEscalationAsync();
        await s.Page.GotoAsync($"/#/alerts/{alert}");
        await Expect(s.Page.Locator("#timeline")).ToContainTextAsync("Escalated to rule 1: Alice");
        s.ShouldHaveNoScriptErrors();
    }

    [Fact]
    public async Task AlertPage_RejectAssignHandoffResponder_SendRealBodiesAndShowTimeline()
    {
        await using var app = await TocsinApp.StartAsync();
        var (schedule, alice, bob) = await OpsScheduleAsync(app);
        var id = await app.TriggerAsync("Needs an owner");
        await using var s = await ConsoleSession.OpenAsync(browser, app);
        await s.LoginAsync(hash: $"#/alerts/{id}");
        await Expect(s.Page.Locator(".alert-head h1")).ToContainTextAsync("Needs an owner");

        // Nothing chosen: the server's own answer, next to the picker.
        await s.Page.ClickAsync("#assign-form button[type=submit]");
        await Expect(s.Page.Locator("#assign-target + .field-error")).ToContainTextAsync("give exactly one of userId, policyId or scheduleId");

        await s.Page.SelectOptionAsync("#assign-target", $"user:{bob}");
        await s.Page.ClickAsync("#assign-form button[type=submit]");
        await Expect(s.Page.Locator("#timeline li[data-type='assigned']")).ToContainTextAsync("Assigned to Bob");
        await Expect(s.Page.Locator("#assignee")).ToHaveTextAsync("Bob");

        await s.Page.SelectOptionAsync("#assign-target", $"schedule:{schedule}");
        await s.Page.ClickAsync("#assign-form button[type=submit]");
        await Expect(s.Page.Locator("#timeline li[data-type='assigned']").Last).ToContainTextAsync("Assigned to Alice (on call in Ops)");
        await Expect(s.Page.Locator("#assignee")).ToHaveTextAsync("Alice");

        await s.Page.ClickAsync("#do-reject");
        await Expect(s.Page.Locator("#timeline li[data-type='rejected']")).ToContainTextAsync("Rejected");
        await Expect(s.Page.Locator("#action-error")).ToBeEmptyAsync();

        await s.Page.SelectOptionAsync("#responder-target", $"user:{bob}");
        await s.Page.ClickAsync("#responder-form button[type=submit]");
        await Expect(s.Page.Locator("#timeline li[data-type='responder_added']")).ToBeVisibleAsync();
        await Expect(s.Page.Locator("#responders")).ToContainTextAsync("Bob");

        await s.Page.SelectOptionAsync("#handoff-target", $"user:{bob}");
        await s.Page.FillAsync("#handoff-note", "taking over the night");
        await s.Page.ClickAsync("#handoff-form button[type=submit]");
        await Expect(s.Page.Locator("#timeline li[data-type='handoff']")).ToContainTextAsync("taking over the night");
        await s.ScreenshotAsync("alert-people");

        var alert = (await (await app.Client.GetAsync($"/api/v1/alerts/{id}")).StatusAsync(HttpStatusCode.OK))!;
        alert["assigneeUserId"]!.GetValue<long>().ShouldBe(bob);
        alert["responders"]!.AsArray().Select(r => r!["userId"]!.GetValue<long>()).ShouldContain(bob);
        alice.ShouldNotBe(bob);
        s.ShouldHaveNoScriptErrors();
    }

    [Fact]
    public async Task PolicyAndSourcePages_EditAndSave_ShowFieldErrorsAndKey()
    {
        await using var app = await TocsinApp.StartAsync();
        var alice = await app.UserAsync("Alice");
        var policy = await app.PolicyAsync([(alice, 5)]);
        var (source, key) = await app.SourceAsync(policy);
        await using var s = await ConsoleSession.OpenAsync(browser, app);
        await s.LoginAsync();

        await s.Page.ClickAsync("[data-nav='policies']");
        await Expect(s.Page.Locator($"#policy-list tr[data-id='{policy}']")).ToContainTextAsync("5 min");
        await s.ScreenshotAsync("policies");
        await s.Page.ClickAsync($"#policy-list tr[data-id='{policy}'] a");
        var timeout = s.Page.Locator("[name='rules[0].timeoutMinutes']");
        await Expect(timeout).ToHaveValueAsync("5");
        await Expect(s.Page.Locator("[name='rules[0].targets'] option:checked")).ToHaveTextAsync("Alice");

        await timeout.FillAsync("0");
        await s.Page.ClickAsync("#policy-form button[type=submit]");
        await Expect(s.Page.Locator("[name='rules[0].timeoutMinutes'] + .field-error")).ToContainTextAsync("must be greater than zero");

        await timeout.FillAsync("15");
        await s.Page.ClickAsync("#add-rule");
        await s.Page.SelectOptionAsync("[name='rules[1].targets']", new[] { $"user:{alice}" });
        await s.Page.ClickAsync("#policy-form button[type=submit]");
        await Expect(s.Page.Locator("#toast")).ToHaveTextAsync("Policy saved");
        var saved = (await (await app.Client.GetAsync($"/api/v1/escalation-policies/{policy}")).StatusAsync(HttpStatusCode.OK))!;
        saved["rules"]!.AsArray().Select(r => r!["timeoutMinutes"]!.GetValue<int>()).ShouldBe([15, 30]);
        await s.ScreenshotAsync("policy");

        await s.Page.ClickAsync("[data-nav='sources']");
        await Expect(s.Page.Locator($"#source-list tr[data-id='{source}']")).ToContainTextAsync("Primary");
        await s.Page.ClickAsync($"#source-list tr[data-id='{source}'] a");
        await Expect(s.Page.Locator("#integration-key")).ToHaveTextAsync(key);
        await Expect(s.Page.Locator("#source-policy")).ToHaveValueAsync(policy.ToString());
        await s.Page.FillAsync("#source-name", "Checkout API");
        await s.Page.ClickAsync("#source-form button[type=submit]");
        await Expect(s.Page.Locator("#toast")).ToHaveTextAsync("Source saved");
        (await (await app.Client.GetAsync($"/api/v1/sources/{source}")).StatusAsync(HttpStatusCode.OK))!["name"]!.GetValue<string>().ShouldBe("Checkout API");
        await s.ScreenshotAsync("source");
        s.ShouldHaveNoScriptErrors();
    }

    [Fact]
    public async Task SourcePage_EveryCreationMode_WindowAndThresholdWhereTheyApply()
    {
        await using var app = await TocsinApp.StartAsync();
        var (source, _) = await app.SourceAsync(null, new { alertCreation = "one_alert_grouped_per_window", groupingWindowMinutes = 10, renotifyMinutes = 30 });
        await using var s = await ConsoleSession.OpenAsync(browser, app);
        await s.LoginAsync(hash: $"#/sources/{source}");

        // Every mode the native API accepts is offered, and a stored grouping mode loads with its window. The value is
        // awaited first (Expect retries): the option list is only read once the page has rendered the form.
        await Expect(s.Page.Locator("#source-creation")).ToHaveValueAsync("one_alert_grouped_per_window");
        (await s.Page.Locator("#source-creation option").EvaluateAllAsync<string[]>("os => os.map(o => o.value)")).ShouldBe([
            "one_open_alert_per_key", "one_alert_per_event", "one_pending_alert", "one_open_alert_per_source", "one_alert_grouped_per_window",
            "one_alert_per_summary", "open_resolve_on_extraction", "intelligent_grouping"]);
        await Expect(s.Page.Locator("#source-grouping")).ToHaveValueAsync("10");
        await Expect(s.Page.Locator("#source-score")).ToBeHiddenAsync();

        // Intelligent grouping shows the threshold too; out of range, the server's error lands next to it.
        await s.Page.SelectOptionAsync("#source-creation", "intelligent_grouping");
        await Expect(s.Page.Locator("#source-creation-hint")).ToContainTextAsync("similar");
        await s.Page.FillAsync("#source-score", "1.5");
        await s.Page.ClickAsync("#source-form button[type=submit]");
        await Expect(s.Page.Locator("#source-score + .field-error")).ToContainTextAsync("between 0 and 1");
        await s.Page.FillAsync("#source-score", "0.6");
        await s.Page.FillAsync("#source-grouping", "30");
        await s.Page.ClickAsync("#source-form button[type=submit]");
        await Expect(s.Page.Locator("#toast")).ToHaveTextAsync("Source saved");
        var saved = (await (await app.Client.GetAsync($"/api/v1/sources/{source}")).StatusAsync(HttpStatusCode.OK))!;
        (saved["alertCreation"]!.GetValue<string>(), saved["groupingWindowMinutes"]!.GetValue<int>(), saved["scoreThreshold"]!.GetValue<double>())
            .ShouldBe(("intelligent_grouping", 30, 0.6));
        saved["renotifyMinutes"]!.GetValue<int>().ShouldBe(30, "a setting without a field here is kept, not wiped");

        // A mode without a window hides both fields and does not send them (the server refuses a window there).
        await s.Page.SelectOptionAsync("#source-creation", "one_alert_per_summary");
        await Expect(s.Page.Locator("#source-grouping")).ToBeHiddenAsync();
        await Expect(s.Page.Locator("#source-score")).ToBeHiddenAsync();
        await s.Page.ClickAsync("#source-form button[type=submit]");
        await Expect(s.Page.Locator("#toast")).ToHaveTextAsync("Source saved");
        saved = (await (await app.Client.GetAsync($"/api/v1/sources/{source}")).StatusAsync(HttpStatusCode.OK))!;
        saved["alertCreation"]!.GetValue<string>().ShouldBe("one_alert_per_summary");
        saved["groupingWindowMinutes"].ShouldBeNull();
        saved["scoreThreshold"].ShouldBeNull();
        s.ShouldHaveNoScriptErrors();
    }
}
