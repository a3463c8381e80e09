using System.Net;
using System.Net.Http.Json;
using System.Text;
using Tocsin.Server.Tests.Infrastructure;

namespace Tocsin.Server.Tests.Api;

public sealed class AlertApiTests
{
    private static async Task<System.Text.Json.Nodes.JsonNode> GetJson(HttpClient c, string url) =>
        (await (await c.GetAsync(url)).StatusAsync(HttpStatusCode.OK))!;

    private static string[] Titles(System.Text.Json.Nodes.JsonNode page) =>
        page["items"]!.AsArray().Select(a => a!["title"]!.GetValue<string>()).ToArray();

    [Fact]
    public async Task List_FiltersByStatusPrioritySourceLabelAndText()
    {
        await using var app = await TocsinApp.StartAsync();
        await app.TriggerAsync("db disk full", "a", "critical", "nagios", new { host = "db1", env = "prod" });
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var b = await app.TriggerAsync("web latency", "b", "low", "prometheus", new { host = "web1", env = "prod" });
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var c = await app.TriggerAsync("web errors", "c", "high", "prometheus", new { host = "web2", env = "dev" });
        await (await app.Client.PostAsync($"/api/v1/alerts/{c}/acknowledge", null)).StatusAsync(HttpStatusCode.OK);

        Titles(await GetJson(app.Client, "/api/v1/alerts")).ShouldBe(["web errors", "web latency", "db disk full"]);
        Titles(await GetJson(app.Client, "/api/v1/alerts?status=acknowledged")).ShouldBe(["web errors"]);
        Titles(await GetJson(app.Client, "/api/v1/alerts?status=acknowledged&status=triggered&sort=createdAt")).ShouldBe(["db disk full", "web latency", "web errors"]);
        Titles(await GetJson(app.Client, "/api/v1/alerts?priority=critical")).ShouldBe(["db disk full"]);
        Titles(await GetJson(app.Client, "/api/v1/alerts?source=prometheus")).ShouldBe(["web errors", "web latency"]);
        Titles(await GetJson(app.Client, "/api/v1/alerts?label=env=prod&label=host=web1")).ShouldBe(["web latency"]);
        Titles(await GetJson(app.Client, "/api/v1/alerts?q=WEB")).ShouldBe(["web errors", "web latency"]);
        Titles(await GetJson(app.Client, "/api/v1/alerts?sort=-priority")).ShouldBe(["db disk full", "web errors", "web latency"]);
        var from = Uri.EscapeDataString(app.Clock.GetUtcNow().AddSeconds(-1).ToString("O"));
        Titles(await GetJson(app.Client, $"/api/v1/alerts?createdFrom={from}")).ShouldBe(["web errors", "web latency"]);
        _ = b;

        var counts = await GetJson(app.Client, "/api/v1/alerts/count?source=prometheus");
        counts["total"]!.GetValue<long>().ShouldBe(2);
        counts["byStatus"]!["acknowledged"]!.GetValue<long>().ShouldBe(1);
        counts["byStatus"]!["triggered"]!.GetValue<long>().ShouldBe(1);
        counts["byStatus"]!["resolved"]!.GetValue<long>().ShouldBe(0);
    }

    [Fact]
    public async Task List_CursorPagination_VisitsEveryAlertOnce()
    {
        await using var app = await TocsinApp.StartAsync();
        await app.SendEventsAsync(Enumerable.Range(0, 23).Select(i => new { summary = $"a{i}" }).ToArray());
        foreach (var sort in new[] { "-createdAt", "createdAt", "-priority", "number" })
        {
            var seen = new List<string>();
            string? cursor = null;
            var pages = 0;
            do
            {
                var page = await GetJson(app.Client, $"/api/v1/alerts?limit=5&sort={sort}" + (cursor is null ? "" : "&cursor=" + cursor));
                seen.AddRange(Titles(page));
                cursor = page["nextCursor"]?.GetValue<string>();
                pages++;
            } while (cursor is not null);
            pages.ShouldBe(5);
            seen.Distinct().Count().ShouldBe(23, $"sort {sort}");
        }
    }

    [Theory]
    [InlineData("status=open", "status")]
    [InlineData("priority=p1", "priority")]
    [InlineData("limit=501", "limit")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("cursor=garbage!!", "cursor")]
    [InlineData("sort=title", "sort")]
    [InlineData("label=novalue", "label")]
    [InlineData("createdFrom=soon", "createdFrom")]
    [InlineData("assignee=bob", "assignee")]
    public async Task List_BadQuery_Gets400NamingParameter(string query, string field)
    {
        await using var app = await TocsinApp.StartAsync();
        await (await app.Client.GetAsync("/api/v1/alerts?" + query)).ProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task List_CursorFromOtherSort_Gets400()
    {
        await using var app = await TocsinApp.StartAsync();
        await app.SendEventsAsync(new[] { new { summary = "a" }, new { summary = "b" } });
        var page = await GetJson(app.Client, "/api/v1/alerts?limit=1");
        var cursor = page["nextCursor"]!.GetValue<string>();
        await (await app.Client.GetAsync($"/api/v1/alerts?limit=1&sort=number&cursor={cursor}")).ProblemAsync(HttpStatusCode.BadRequest, "cursor");
    }

    [Fact]
    public async Task Lifecycle_AckResolveArchive_WritesTimelineWithActor()
    {
        await using var app = await TocsinApp.StartAsync();
        var id = await app.TriggerAsync("Lifecycle");
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var acked = (await (await app.Client.PostAsJsonAsync($"/api/v1/alerts/{id}/acknowledge", new { note = "on it" })).StatusAsync(HttpStatusCode.OK))!;
        acked["status"]!.GetValue<string>().ShouldBe("acknowledged");
        acked["acknowledgedBy"]!.GetValue<string>().ShouldBe("key:1");
        acked["acknowledgedAt"]!.GetValue<DateTimeOffset>().ShouldBe(app.Clock.GetUtcNow());
        await (await app.Client.PostAsync($"/api/v1/alerts/{id}/resolve", null)).StatusAsync(HttpStatusCode.OK);
        await (await app.Client.PostAsync($"/api/v1/alerts/{id}/archive", null)).StatusAsync(HttpStatusCode.OK);
        var timeline = await GetJson(app.Client, $"/api/v1/alerts/{id}/timeline");
        timeline["items"]!.AsArray().Select(e => e!["type"]!.GetValue<string>()).ShouldBe(["created", "acknowledged", "resolved", "archived"]);
        timeline["items"]![1]!["text"]!.GetValue<string>().ShouldContain("on it");
        timeline["items"]![1]!["actor"]!.GetValue<string>().ShouldBe("key:1");
    }

    [Fact]
    public async Task Acknowledge_WhenResolved_Returns409NamingState()
    {
        await using var app = await TocsinApp.StartAsync();
        var id = await app.TriggerAsync("Done");
        await (await app.Client.PostAsync($"/api/v1/alerts/{id}/resolve", null)).StatusAsync(HttpStatusCode.OK);
        var problem = await (await app.Client.PostAsync($"/api/v1/alerts/{id}/acknowledge", null)).ProblemAsync(HttpStatusCode.Conflict, "status");
        problem["detail"]!.GetValue<string>().ShouldContain("resolved");
        await (await app.Client.PostAsync($"/api/v1/alerts/{id}/unacknowledge", null)).ProblemAsync(HttpStatusCode.Conflict, "status");
    }

    [Fact]
    public async Task Acknowledge_Twice_IsIdempotent()
    {
        await using var app = await TocsinApp.StartAsync();
        var id = await app.TriggerAsync("Twice");
        await (await app.Client.PostAsync($"/api/v1/alerts/{id}/acknowledge", null)).StatusAsync(HttpStatusCode.OK);
        await (await app.Client.PostAsync($"/api/v1/alerts/{id}/acknowledge", null)).StatusAsync(HttpStatusCode.OK);
        (await GetJson(app.Client, $"/api/v1/alerts/{id}/timeline"))["items"]!.AsArray().Count.ShouldBe(2);
    }

    [Fact]
    public async Task Patch_ChangesFieldsAndLabelIndex()
    {
        await using var app = await TocsinApp.StartAsync();
        var id = await app.TriggerAsync("Old", labels: new { team = "a" });
        var patched = (await (await app.Client.PatchAsJsonAsync($"/api/v1/alerts/{id}",
            new { title = "New", priority = "low", labels = new { team = "b" }, tags = new[] { "db" } })).StatusAsync(HttpStatusCode.OK))!;
        patched["title"]!.GetValue<string>().ShouldBe("New");
        patched["priority"]!.GetValue<string>().ShouldBe("low");
        patched["severity"]!.GetValue<int>().ShouldBe(6);
        patched["tags"]![0]!.GetValue<string>().ShouldBe("db");
        Titles(await GetJson(app.Client, "/api/v1/alerts?label=team=b")).ShouldBe(["New"]);
        Titles(await GetJson(app.Client, "/api/v1/alerts?label=team=a")).ShouldBeEmpty();
        (await GetJson(app.Client, $"/api/v1/alerts/{id}/timeline"))["items"]![1]!["vars"]!["changed"]!.GetValue<string>().ShouldBe("title,priority,labels,tags");
    }

    [Theory]
    [InlineData("{\"title\": \"\"}", "title")]
    [InlineData("{\"priority\": \"p0\"}", "priority")]
    [InlineData("{\"severity\": -1}", "severity")]
    [InlineData("{\"tags\": \"db\"}", "tags")]
    [InlineData("{\"labels\": {\"a\": 1}}", "labels.a")]
    [InlineData("[1,2]", "body")]
    public async Task Patch_BadInput_Gets400NamingField(string json, string field)
    {
        await using var app = await TocsinApp.StartAsync();
        var id = await app.TriggerAsync("Keep");
        var resp = await app.Client.PatchAsync($"/api/v1/alerts/{id}", new StringContent(json, Encoding.UTF8, "application/json"));
        await resp.ProblemAsync(HttpStatusCode.BadRequest, field);
        (await GetJson(app.Client, $"/api/v1/alerts/{id}"))["title"]!.GetValue<string>().ShouldBe("Keep");
    }

    [Fact]
    public async Task Comment_AppearsInTimeline_AndEmptyCommentIsRejected()
    {
        await using var app = await TocsinApp.StartAsync();
        var id = await app.TriggerAsync("Talk");
        await (await app.Client.PostAsJsonAsync($"/api/v1/alerts/{id}/comments", new { text = "restarted the pod" })).StatusAsync(HttpStatusCode.Created);
        await (await app.Client.PostAsJsonAsync($"/api/v1/alerts/{id}/comments", new { text = " " })).ProblemAsync(HttpStatusCode.BadRequest, "text");
        var entries = (await GetJson(app.Client, $"/api/v1/alerts/{id}/timeline"))["items"]!.AsArray();
        entries.Count.ShouldBe(2);
        entries[1]!["type"]!.GetValue<string>().ShouldBe("comment");
        entries[1]!["text"]!.GetValue<string>().ShouldBe("restarted the pod");
    }

    [Fact]
    public async Task Timeline_IsPaged()
    {
        await using var app = await TocsinApp.StartAsync();
        var id = await app.TriggerAsync("Chatty");
        for (var i = 0; i < 6; i++) await (await app.Client.PostAsJsonAsync($"/api/v1/alerts/{id}/comments", new { text = $"c{i}" })).StatusAsync(HttpStatusCode.Created);
        var first = await GetJson(app.Client, $"/api/v1/alerts/{id}/timeline?limit=4");
        first["items"]!.AsArray().Count.ShouldBe(4);
        var second = await GetJson(app.Client, $"/api/v1/alerts/{id}/timeline?limit=4&cursor={first["nextCursor"]}");
        second["items"]!.AsArray().Select(e => e!["text"]!.GetValue<string>()).ShouldBe(["c3", "c4", "c5"]);
        second["nextCursor"].ShouldBeNull();
        await (await app.Client.GetAsync($"/api/v1/alerts/{id}/timeline?cursor=xyz")).ProblemAsync(HttpStatusCode.BadRequest, "cursor");
    }

    [Fact]
    public async Task Delete_RemovesAlert_ThenNotFound()
    {
        await using var app = await TocsinApp.StartAsync();
        var id = await app.TriggerAsync("Gone");
        (await app.Client.DeleteAsync($"/api/v1/alerts/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await app.Client.GetAsync($"/api/v1/alerts/{id}")).StatusAsync(HttpStatusCode.NotFound);
        await (await app.Client.DeleteAsync($"/api/v1/alerts/{id}")).StatusAsync(HttpStatusCode.NotFound);
        await (await app.Client.GetAsync($"/api/v1/alerts/{id}/timeline")).StatusAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task UnknownId_Gets404ForEveryOperation()
    {
        await using var app = await TocsinApp.StartAsync();
        await (await app.Client.GetAsync("/api/v1/alerts/999")).StatusAsync(HttpStatusCode.NotFound);
        await (await app.Client.PostAsync("/api/v1/alerts/999/acknowledge", null)).StatusAsync(HttpStatusCode.NotFound);
        await (await app.Client.PatchAsJsonAsync("/api/v1/alerts/999", new { title = "x" })).StatusAsync(HttpStatusCode.NotFound);
        await (await app.Client.PostAsJsonAsync("/api/v1/alerts/999/comments", new { text = "x" })).StatusAsync(HttpStatusCode.NotFound);
    }
}
