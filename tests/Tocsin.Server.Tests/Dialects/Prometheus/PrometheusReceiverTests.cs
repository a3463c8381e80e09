using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Tocsin.Core.Tenancy;
using Tocsin.Server.Tests.Infrastructure;

namespace Tocsin.Server.Tests.Dialects.Prometheus;

/// <summary>The Alertmanager v2 receiver (<c>POST /api/v2/alerts</c>) with hand-written payloads; RealPrometheusTests drives it from a real Prometheus.</summary>
public sealed class PrometheusReceiverTests
{
    private static object Alert(string instance, DateTimeOffset startsAt, DateTimeOffset? endsAt = null, string severity = "critical") => new
    {
        labels = new Dictionary<string, string> { ["alertname"] = "HighLatency", ["instance"] = instance, ["severity"] = severity },
        annotations = new Dictionary<string, string> { ["summary"] = "p99 over 1s on " + instance, ["description"] = "latency is high" },
        startsAt,
        endsAt,
        generatorURL = "http://prometheus:9090/graph?g0.expr=up",
    };

    private static async Task<JsonArray> PrometheusAlertsAsync(TocsinApp app)
    {
        var page = await (await app.Client.GetAsync("/api/v1/alerts?source=prometheus")).StatusAsync(HttpStatusCode.OK);
        return page!["items"]!.AsArray();
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    [Fact]
    public async Task PostAlerts_NewLabelSet_CreatesAlertMappedFromLabelsAndAnnotations()
    {
        await using var app = await TocsinApp.StartAsync();
        var now = app.Clock.GetUtcNow();
        await (await app.Client.PostAsJsonAsync("/api/v2/alerts", new[] { Alert("web1", now.AddMinutes(-1), now.AddMinutes(4)) })).StatusAsync(HttpStatusCode.OK);

        var alert = (await PrometheusAlertsAsync(app)).ShouldHaveSingleItem()!;
        alert["title"]!.GetValue<string>().ShouldBe("p99 over 1s on web1");
        alert["details"]!.GetValue<string>().ShouldBe("latency is high");
        alert["priority"]!.GetValue<string>().ShouldBe("critical");
        alert["status"]!.GetValue<string>().ShouldBe("triggered");
        alert["source"]!.GetValue<string>().ShouldBe("prometheus");
        alert["dedupKey"]!.GetValue<string>().ShouldStartWith("prom:");
        alert["labels"]!["instance"]!.GetValue<string>().ShouldBe("web1");
        alert["links"]![0]!["href"]!.GetValue<string>().ShouldBe("http://prometheus:9090/graph?g0.expr=up");
    }

    [Fact]
    public async Task PostAlerts_SameLabelSetTwice_UpdatesOneAlertWithCountTwo()
    {
        await using var app = await TocsinApp.StartAsync();
        var now = app.Clock.GetUtcNow();
        await (await app.Client.PostAsJsonAsync("/api/v2/alerts", new[] { Alert("web1", now.AddMinutes(-1), now.AddMinutes(4)) })).StatusAsync(HttpStatusCode.OK);
        await (await app.Client.PostAsJsonAsync("/api/v2/alerts", new[] { Alert("web1", now.AddMinutes(-1), now.AddMinutes(5)) })).StatusAsync(HttpStatusCode.OK);

        var alert = (await PrometheusAlertsAsync(app)).ShouldHaveSingleItem()!;
        alert["count"]!.GetValue<int>().ShouldBe(2);
    }

    [Fact]
    public async Task PostAlerts_DifferentLabelSets_CreateSeparateAlerts()
    {
        await using var app = await TocsinApp.StartAsync();
        var now = app.Clock.GetUtcNow();
        await (await app.Client.PostAsJsonAsync("/api/v2/alerts", new[] { Alert("web1", now), Alert("web2", now) })).StatusAsync(HttpStatusCode.OK);

        (await PrometheusAlertsAsync(app)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task PostAlerts_EndsAtInThePast_ResolvesTheOpenAlert()
    {
        await using var app = await TocsinApp.StartAsync();
        var now = app.Clock.GetUtcNow();
        await (await app.Client.PostAsJsonAsync("/api/v2/alerts", new[] { Alert("web1", now.AddMinutes(-5), now.AddMinutes(4)) })).StatusAsync(HttpStatusCode.OK);
        await (await app.Client.PostAsJsonAsync("/api/v2/alerts", new[] { Alert("web1", now.AddMinutes(-5), now.AddSeconds(-1)) })).StatusAsync(HttpStatusCode.OK);

        var alert = (await PrometheusAlertsAsync(app)).ShouldHaveSingleItem()!;
        alert["status"]!.GetValue<string>().ShouldBe("resolved");
    }

    [Fact]
    public async Task PostAlerts_MalformedJson_Returns400NamingBody()
    {
        await using var app = await TocsinApp.StartAsync();
        await (await app.Client.PostAsync("/api/v2/alerts", Json("this is not json"))).ProblemAsync(HttpStatusCode.BadRequest, "body");
    }

    [Fact]
    public async Task PostAlerts_MissingLabels_Returns400NamingLabels()
    {
        await using var app = await TocsinApp.StartAsync();
        await (await app.Client.PostAsync("/api/v2/alerts", Json("[{\"annotations\":{\"summary\":\"no labels\"}}]")))
            .ProblemAsync(HttpStatusCode.BadRequest, "[0].labels");
        (await PrometheusAlertsAsync(app)).ShouldBeEmpty();
    }

    [Fact]
    public async Task PostAlerts_EndsAtBeforeStartsAt_Returns400NamingEndsAtAndWritesNothing()
    {
        await using var app = await TocsinApp.StartAsync();
        var now = app.Clock.GetUtcNow();
        // The first alert is valid: a bad one later in the batch must still leave nothing half-written.
        await (await app.Client.PostAsJsonAsync("/api/v2/alerts", new[] { Alert("web1", now), Alert("web2", now, now.AddMinutes(-10)) }))
            .ProblemAsync(HttpStatusCode.BadRequest, "[1].endsAt");
        (await PrometheusAlertsAsync(app)).ShouldBeEmpty();
    }

    [Fact]
    public async Task PostAlerts_WithoutKey_Returns401()
    {
        await using var app = await TocsinApp.StartAsync();
        using var anon = app.CreateClient(null);
        var now = app.Clock.GetUtcNow();
        await (await anon.PostAsJsonAsync("/api/v2/alerts", new[] { Alert("web1", now) })).ProblemAsync(HttpStatusCode.Unauthorized, "Authorization");
    }

    [Fact]
    public async Task PostAlerts_KeyWithoutEventsWrite_Returns403()
    {
        await using var app = await TocsinApp.StartAsync();
        using var reader = await app.ClientWithAsync([Permission.AlertsRead]);
        var now = app.Clock.GetUtcNow();
        await (await reader.PostAsJsonAsync("/api/v2/alerts", new[] { Alert("web1", now) })).ProblemAsync(HttpStatusCode.Forbidden, "Authorization");
        (await PrometheusAlertsAsync(app)).ShouldBeEmpty();
    }

    [Fact]
    public async Task PostAlerts_KeyWithEventsWriteOnly_Accepted()
    {
        await using var app = await TocsinApp.StartAsync();
        using var writer = await app.ClientWithAsync([Permission.EventsWrite]);
        var now = app.Clock.GetUtcNow();
        await (await writer.PostAsJsonAsync("/api/v2/alerts", new[] { Alert("web1", now) })).StatusAsync(HttpStatusCode.OK);
        (await PrometheusAlertsAsync(app)).Count.ShouldBe(1);
    }
}
