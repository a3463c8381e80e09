using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Tocsin.Server.Tests.Infrastructure;

namespace Tocsin.Server.Tests.OnCall;

public sealed class ScheduleApiTests
{
    /// <summary>Alice from 2026-03-27 09:00 Berlin, then Bob, daily at 09:00 local; Europe switches to CEST on 2026-03-29.</summary>
    private static async Task<(TocsinApp App, long Schedule, long Alice, long Bob)> BerlinAsync()
    {
        var app = await TocsinApp.StartAsync();
        var alice = await app.UserAsync("Alice");
        var bob = await app.UserAsync("Bob");
        var node = await app.Client.PostOkAsync("/api/v1/schedules", new
        {
            name = "Ops",
            timeZone = "Europe/Berlin",
            layers = new[] { new { users = new[] { alice, bob }, start = "2026-03-27T09:00:00+01:00", shiftLength = new { unit = "days", count = 1 }, handoffTime = "09:00" } },
        });
        return (app, node["id"]!.GetValue<long>(), alice, bob);
    }

    private static async Task<JsonNode> OnCallAsync(TocsinApp app, long schedule, string at) =>
        (await (await app.Client.GetAsync($"/api/v1/schedules/{schedule}/on-call?at={Uri.EscapeDataString(at)}")).StatusAsync(HttpStatusCode.OK))!;

    [Fact]
    public async Task OnCall_AcrossBerlinDstChange_HandsOffAtLocalNine()
    {
        var (app, schedule, alice, bob) = await BerlinAsync();
        await using var _ = app;
        (await OnCallAsync(app, schedule, "2026-03-28T07:59:59Z"))["userId"]!.GetValue<long>().ShouldBe(alice);
        (await OnCallAsync(app, schedule, "2026-03-28T08:00:00Z"))["userId"]!.GetValue<long>().ShouldBe(bob);
        // After spring-forward 09:00 local is 07:00 UTC, an hour earlier than the day before.
        (await OnCallAsync(app, schedule, "2026-03-29T06:59:59Z"))["userId"]!.GetValue<long>().ShouldBe(bob);
        var after = await OnCallAsync(app, schedule, "2026-03-29T07:00:00Z");
        after["userId"]!.GetValue<long>().ShouldBe(alice);
        after["source"]!.GetValue<string>().ShouldBe("layer");
        after["userName"]!.GetValue<string>().ShouldBe("Alice");
    }

    [Fact]
    public async Task Shifts_AcrossDst_ListsLocalDayTurns()
    {
        var (app, schedule, alice, bob) = await BerlinAsync();
        await using var _ = app;
        var body = await (await app.Client.GetAsync($"/api/v1/schedules/{schedule}/shifts?from=2026-03-28T08:00:00Z&until=2026-03-30T07:00:00Z")).StatusAsync(HttpStatusCode.OK);
        var shifts = body!["items"]!.AsArray();
        shifts.Select(s => s!["userId"]!.GetValue<long>()).ShouldBe([bob, alice]);
        shifts[0]!["end"]!.GetValue<DateTimeOffset>().ShouldBe(DateTimeOffset.Parse("2026-03-29T07:00:00Z"));
    }

    [Fact]
    public async Task Shifts_OfOneLayer_IgnoreOverridesThatChangeFinal()
    {
        var (app, schedule, alice, bob) = await BerlinAsync();
        await using var _ = app;
        var carol = await app.UserAsync("Carol");
        await app.Client.PostOkAsync($"/api/v1/schedules/{schedule}/overrides", new { userId = carol, from = "2026-03-28T10:00:00Z", until = "2026-03-28T12:00:00Z" });
        const string range = "from=2026-03-28T08:00:00Z&until=2026-03-29T07:00:00Z";

        var final = (await (await app.Client.GetAsync($"/api/v1/schedules/{schedule}/shifts?{range}")).StatusAsync(HttpStatusCode.OK))!["items"]!.AsArray();
        final.Select(s => s!["userId"]!.GetValue<long>()).ShouldBe([bob, carol, bob]);
        var layer = (await (await app.Client.GetAsync($"/api/v1/schedules/{schedule}/shifts?{range}&layer=0")).StatusAsync(HttpStatusCode.OK))!["items"]!.AsArray();
        var only = layer.ShouldHaveSingleItem()!;
        only["userId"]!.GetValue<long>().ShouldBe(bob);
        only["userName"]!.GetValue<string>().ShouldBe("Bob");
        only["start"]!.GetValue<DateTimeOffset>().ShouldBe(DateTimeOffset.Parse("2026-03-28T08:00:00Z"));
        only["end"]!.GetValue<DateTimeOffset>().ShouldBe(DateTimeOffset.Parse("2026-03-29T07:00:00Z"));
        alice.ShouldNotBe(bob);
    }

    [Fact]
    public async Task Overrides_AddedThroughApi_WinAndCanBeRemoved()
    {
        var (app, schedule, alice, _) = await BerlinAsync();
        await using var _ = app;
        var carol = await app.UserAsync("Carol");
        var o = await app.Client.PostOkAsync($"/api/v1/schedules/{schedule}/overrides", new { userId = carol, from = "2026-03-28T10:00:00Z", until = "2026-03-28T12:00:00Z" });
        var answer = await OnCallAsync(app, schedule, "2026-03-28T11:00:00Z");
        answer["userId"]!.GetValue<long>().ShouldBe(carol);
        answer["source"]!.GetValue<string>().ShouldBe("override");

        await (await app.Client.PostAsJsonAsync($"/api/v1/schedules/{schedule}/overrides", new { userId = alice, from = "2026-03-28T11:30:00Z", until = "2026-03-28T13:00:00Z" }))
            .ProblemAsync(HttpStatusCode.BadRequest, "from");
        await (await app.Client.PostAsJsonAsync($"/api/v1/schedules/{schedule}/overrides", new { userId = alice, from = "2026-03-28T15:00:00Z", until = "2026-03-28T14:00:00Z" }))
            .ProblemAsync(HttpStatusCode.BadRequest, "until");
        var list = await (await app.Client.GetAsync($"/api/v1/schedules/{schedule}/overrides")).StatusAsync(HttpStatusCode.OK);
        list!["items"]!.AsArray().Count.ShouldBe(1);

        await (await app.Client.DeleteAsync($"/api/v1/schedules/{schedule}/overrides/{o["id"]}")).StatusAsync(HttpStatusCode.NoContent);
        (await OnCallAsync(app, schedule, "2026-03-28T11:00:00Z"))["source"]!.GetValue<string>().ShouldBe("layer");
    }

    [Fact]
    public async Task Calendars_ForScheduleAndUser_AreTextCalendar()
    {
        var (app, schedule, alice, _) = await BerlinAsync();
        await using var _ = app;
        foreach (var path in new[] { $"/api/v1/schedules/{schedule}/calendar.ics", $"/api/v1/users/{alice}/calendar.ics" })
        {
            var r = await app.Client.GetAsync(path);
            r.StatusCode.ShouldBe(HttpStatusCode.OK);
            r.Content.Headers.ContentType!.MediaType.ShouldBe("text/calendar");
            var text = await r.Content.ReadAsStringAsync();
            text.ShouldStartWith("BEGIN:VCALENDAR");
            text.ShouldContain("BEGIN:VEVENT");
        }
    }

    [Fact]
    public async Task Schedule_EscalationTarget_PagesWhoeverIsOnCall()
    {
        var (app, schedule, alice, bob) = await BerlinAsync();
        await using var _ = app;
        var policy = await app.Client.PostOkAsync("/api/v1/escalation-policies", new
        {
            name = "Ops", rules = new[] { new { timeoutMinutes = 10, targets = new[] { new { kind = "schedule", id = schedule } } } },
        });
        var (_, key) = await app.SourceAsync(policy["id"]!.GetValue<long>());
        // The fake clock starts at 2026-03-28 12:00Z: Bob's turn.
        var alert = await app.TriggerFromAsync(key);
        await app.RunEscalationAsync();
        (await app.PagesAsync(alert)).ShouldBe([$"triggered:{bob}"]);
        alice.ShouldNotBe(bob);
    }

    [Fact]
    public async Task AssignToSchedule_AssignsWhoeverIsOnCallNow()
    {
        var (app, schedule, _, bob) = await BerlinAsync();
        await using var _ = app;
        var alert = await app.TriggerAsync("Disk full");
        var body = await (await app.Client.PostAsJsonAsync($"/api/v1/alerts/{alert}/assign", new { scheduleId = schedule })).StatusAsync(HttpStatusCode.OK);
        body!["assigneeUserId"]!.GetValue<long>().ShouldBe(bob);
        (await app.PagesAsync(alert)).ShouldBe([$"assigned:{bob}"]);
        (await app.TimelineAsync(alert)).Select(e => e!["text"]!.GetValue<string>()).ShouldContain("Assigned to Bob (on call in Ops)");
    }

    [Fact]
    public async Task OnCall_AcrossNewYorkDstChange_HandsOffAtLocalNine()
    {
        await using var app = await TocsinApp.StartAsync();
        var alice = await app.UserAsync("Alice");
        var bob = await app.UserAsync("Bob");
        var schedule = (await app.Client.PostOkAsync("/api/v1/schedules", new
        {
            name = "NY", timeZone = "America/New_York",
            layers = new[] { new { users = new[] { alice, bob }, start = "2026-03-06T09:00:00-05:00", shiftLength = new { unit = "days", count = 1 }, handoffTime = "09:00" } },
        }))["id"]!.GetValue<long>();
        // Clocks spring forward on 2026-03-08: 09:00 local is 14:00Z the day before and 13:00Z that day.
        (await OnCallAsync(app, schedule, "2026-03-07T14:00:00Z"))["userId"]!.GetValue<long>().ShouldBe(bob);
        (await OnCallAsync(app, schedule, "2026-03-08T12:59:59Z"))["userId"]!.GetValue<long>().ShouldBe(bob);
        (await OnCallAsync(app, schedule, "2026-03-08T13:00:00Z"))["userId"]!.GetValue<long>().ShouldBe(alice);
    }
}
