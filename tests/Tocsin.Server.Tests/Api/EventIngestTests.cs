using System.Net;
using System.Net.Http.Json;
using System.Text;
using Tocsin.Server.Tests.Infrastructure;

namespace Tocsin.Server.Tests.Api;

public sealed class EventIngestTests
{
    [Fact]
    public async Task Trigger_CreatesAlert_AndAnswers202WithItsId()
    {
        await using var app = await TocsinApp.StartAsync();
        var r = await app.SendEventsAsync(new
        {
            summary = "Disk full on db1", dedupKey = "disk/db1", priority = "critical", source = "nagios", details = "95% used",
            labels = new { host = "db1" }, links = new[] { new { href = "https://runbooks.example/disk", text = "runbook" } },
        });
        r["results"]![0]!["outcome"]!.GetValue<string>().ShouldBe("created");
        var id = r["alertIds"]![0]!.GetValue<long>();
        var alert = (await (await app.Client.GetAsync($"/api/v1/alerts/{id}")).StatusAsync(HttpStatusCode.OK))!;
        alert["title"]!.GetValue<string>().ShouldBe("Disk full on db1");
        alert["status"]!.GetValue<string>().ShouldBe("triggered");
        alert["priority"]!.GetValue<string>().ShouldBe("critical");
        alert["severity"]!.GetValue<int>().ShouldBe(0);
        alert["source"]!.GetValue<string>().ShouldBe("nagios");
        alert["labels"]!["host"]!.GetValue<string>().ShouldBe("db1");
        alert["links"]![0]!["href"]!.GetValue<string>().ShouldBe("https://runbooks.example/disk");
        alert["number"]!.GetValue<long>().ShouldBe(1);
    }

    [Fact]
    public async Task Trigger_WithOpenKey_UpdatesSameAlert()
    {
        await using var app = await TocsinApp.StartAsync();
        var first = await app.TriggerAsync("CPU hot", "cpu/web1");
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        var r = await app.SendEventsAsync(new { summary = "CPU very hot", dedupKey = "cpu/web1" });
        r["results"]![0]!["outcome"]!.GetValue<string>().ShouldBe("updated");
        r["results"]![0]!["alertId"]!.GetValue<long>().ShouldBe(first);
        var alert = (await (await app.Client.GetAsync($"/api/v1/alerts/{first}")).StatusAsync(HttpStatusCode.OK))!;
        alert["count"]!.GetValue<int>().ShouldBe(2);
        alert["title"]!.GetValue<string>().ShouldBe("CPU very hot");
        alert["lastSeenAt"]!.GetValue<DateTimeOffset>().ShouldBe(app.Clock.GetUtcNow());
        var timeline = (await (await app.Client.GetAsync($"/api/v1/alerts/{first}/timeline")).StatusAsync(HttpStatusCode.OK))!;
        timeline["items"]!.AsArray().Select(e => e!["type"]!.GetValue<string>()).ShouldBe(["created", "repeated"]);
    }

    [Fact]
    public async Task Trigger_AfterResolve_OpensNewAlert()
    {
        await using var app = await TocsinApp.StartAsync();
        var first = await app.TriggerAsync("Queue backlog", "queue/a");
        var resolved = await app.SendEventsAsync(new { action = "resolve", dedupKey = "queue/a" });
        resolved["results"]![0]!["outcome"]!.GetValue<string>().ShouldBe("resolved");
        var second = await app.TriggerAsync("Queue backlog", "queue/a");
        second.ShouldNotBe(first);
        var list = (await (await app.Client.GetAsync("/api/v1/alerts?dedupKey=queue/a")).StatusAsync(HttpStatusCode.OK))!;
        list["items"]!.AsArray().Select(a => a!["status"]!.GetValue<string>()).ShouldBe(["triggered", "resolved"]);
    }

    [Fact]
    public async Task AcknowledgeByKey_WithNoOpenAlert_ReportsNotFound()
    {
        await using var app = await TocsinApp.StartAsync();
        var r = await app.SendEventsAsync(new { action = "acknowledge", dedupKey = "nothing" });
        r["results"]![0]!["outcome"]!.GetValue<string>().ShouldBe("not_found");
        r["alertIds"]!.AsArray().Count.ShouldBe(0);
    }

    [Fact]
    public async Task Batch_IsAppliedInOrder()
    {
        await using var app = await TocsinApp.StartAsync();
        var r = await app.SendEventsAsync(new object[]
        {
            new { summary = "A", dedupKey = "a" },
            new { summary = "B", dedupKey = "b" },
            new { action = "acknowledge", dedupKey = "a" },
            new { summary = "A again", dedupKey = "a" },
        });
        r["results"]!.AsArray().Select(x => x!["outcome"]!.GetValue<string>()).ShouldBe(["created", "created", "acknowledged", "updated"]);
        var a = (await (await app.Client.GetAsync($"/api/v1/alerts/{r["results"]![0]!["alertId"]}")).StatusAsync(HttpStatusCode.OK))!;
        a["status"]!.GetValue<string>().ShouldBe("acknowledged");
        a["count"]!.GetValue<int>().ShouldBe(2);
    }

    [Fact]
    public async Task IdempotencyKey_Retry_ReturnsFirstResultWithoutSecondEffect()
    {
        await using var app = await TocsinApp.StartAsync();
        var body = JsonContent.Create(new[] { new { summary = "Once" } });
        var json = await body.ReadAsStringAsync();
        async Task<string> Send()
        {
            using var req = new HttpRequestMessage(HttpMethod.Post, "/api/v1/events") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            req.Headers.Add("Idempotency-Key", "req-1");
            var resp = await app.Client.SendAsync(req);
            return (await resp.StatusAsync(HttpStatusCode.Accepted))!.ToJsonString();
        }
        var first = await Send();
        var second = await Send();
        second.ShouldBe(first);
        var count = (await (await app.Client.GetAsync("/api/v1/alerts/count")).StatusAsync(HttpStatusCode.OK))!;
        count["total"]!.GetValue<long>().ShouldBe(1);
    }

    [Fact]
    public async Task IdempotencyKey_ReusedWithOtherBody_Conflicts()
    {
        await using var app = await TocsinApp.StartAsync();
        foreach (var (summary, status) in new[] { ("One", HttpStatusCode.Accepted), ("Two", HttpStatusCode.Conflict) })
        {
            using var req = new HttpRequestMessage(HttpMethod.Post, "/api/v1/events") { Content = JsonContent.Create(new { summary }) };
            req.Headers.Add("Idempotency-Key", "req-2");
            var resp = await app.Client.SendAsync(req);
            if (status == HttpStatusCode.Conflict) await resp.ProblemAsync(status, "Idempotency-Key");
            else await resp.StatusAsync(status);
        }
    }

    [Fact]
    public async Task EventId_Repeated_HasOneEffect()
    {
        await using var app = await TocsinApp.StartAsync();
        var first = await app.SendEventsAsync(new { id = "evt-9", summary = "Ping failed" });
        var again = await app.SendEventsAsync(new { id = "evt-9", summary = "Ping failed" });
        again["results"]![0]!.ToJsonString().ShouldBe(first["results"]![0]!.ToJsonString());
        var count = (await (await app.Client.GetAsync("/api/v1/alerts/count")).StatusAsync(HttpStatusCode.OK))!;
        count["total"]!.GetValue<long>().ShouldBe(1);
    }

    [Fact]
    public async Task ConcurrentRequests_AreAllCommitted()
    {
        await using var app = await TocsinApp.StartAsync();
        var tasks = Enumerable.Range(0, 200).Select(i => app.TriggerAsync($"Alert {i}", $"key-{i % 50}")).ToArray();
        var ids = await Task.WhenAll(tasks);
        ids.Distinct().Count().ShouldBe(50);
        var count = (await (await app.Client.GetAsync("/api/v1/alerts/count")).StatusAsync(HttpStatusCode.OK))!;
        count["total"]!.GetValue<long>().ShouldBe(50);
        var page = (await (await app.Client.GetAsync("/api/v1/alerts?limit=500")).StatusAsync(HttpStatusCode.OK))!;
        page["items"]!.AsArray().Sum(a => a!["count"]!.GetValue<int>()).ShouldBe(200);
    }

    [Fact]
    public async Task Alerts_SurviveRestart()
    {
        await using var app = await TocsinApp.StartAsync();
        var id = await app.TriggerAsync("Persisted", "p1");
        await app.RestartAsync();
        var alert = (await (await app.Client.GetAsync($"/api/v1/alerts/{id}")).StatusAsync(HttpStatusCode.OK))!;
        alert["title"]!.GetValue<string>().ShouldBe("Persisted");
        (await app.SendEventsAsync(new { summary = "Persisted", dedupKey = "p1" }))["results"]![0]!["outcome"]!.GetValue<string>().ShouldBe("updated");
        (await app.TriggerAsync("Next")).ShouldBeGreaterThan(id);
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { "{not json", "body" },
        { "{\"summary\": 5}", "summary" },
        { "{\"summary\": \"x\", \"priority\": \"urgent\"}", "priority" },
        { "{\"summary\": \"\"}", "summary" },
        { "{\"action\": \"explode\", \"summary\": \"x\"}", "action" },
        { "{\"action\": \"resolve\"}", "dedupKey" },
        { "{\"summary\": \"x\", \"severity\": 9}", "severity" },
        { "{\"summary\": \"x\", \"labels\": {\"\": \"v\"}}", "labels" },
        { "{\"summary\": \"x\", \"links\": [{\"href\": \"not a url\"}]}", "links[0].href" },
        { "{\"summary\": \"x\", \"occurredAt\": \"yesterday\"}", "occurredAt" },
        { "[{\"summary\": \"ok\"}, {\"summary\": \"x\", \"priority\": \"bad\"}]", "[1].priority" },
        { "[]", "body" },
        { "", "body" },
        { "null", "body" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task BadInput_Gets400NamingField_AndWritesNothing(string json, string field)
    {
        await using var app = await TocsinApp.StartAsync();
        var resp = await app.Client.PostAsync("/api/v1/events", new StringContent(json, Encoding.UTF8, "application/json"));
        await resp.ProblemAsync(HttpStatusCode.BadRequest, field);
        var count = (await (await app.Client.GetAsync("/api/v1/alerts/count")).StatusAsync(HttpStatusCode.OK))!;
        count["total"]!.GetValue<long>().ShouldBe(0);
    }

    [Fact]
    public async Task BatchOver1000_Gets400()
    {
        await using var app = await TocsinApp.StartAsync();
        var events = Enumerable.Range(0, 1001).Select(i => new { summary = "s" + i }).ToArray();
        var resp = await app.Client.PostAsJsonAsync("/api/v1/events", events);
        (await resp.ProblemAsync(HttpStatusCode.BadRequest, "body"))["detail"]!.GetValue<string>().ShouldContain("1000");
    }

    [Fact]
    public async Task BodyOver1MiB_Gets413()
    {
        await using var app = await TocsinApp.StartAsync();
        var huge = "{\"summary\":\"x\",\"details\":\"" + new string('a', 1024 * 1024 + 10) + "\"}";
        var resp = await app.Client.PostAsync("/api/v1/events", new StringContent(huge, Encoding.UTF8, "application/json"));
        await resp.ProblemAsync(HttpStatusCode.RequestEntityTooLarge, "body");
    }

    [Fact]
    public async Task WrongContentType_Gets415Problem()
    {
        await using var app = await TocsinApp.StartAsync();
        var resp = await app.Client.PostAsync("/api/v1/events", new StringContent("summary=x", Encoding.UTF8, "application/x-www-form-urlencoded"));
        await resp.StatusAsync(HttpStatusCode.UnsupportedMediaType);
        resp.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }
}
