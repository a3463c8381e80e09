using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Tocsin.Core.Metrics;
using Tocsin.Core.Tenancy;
using Tocsin.Server.Tests.Infrastructure;
using Tocsin.Server.Tests.Rules;

namespace Tocsin.Server.Tests.Metrics;

public sealed class MetricIngestTests
{
    private static async Task<Guid> DefaultTenantAsync(TocsinApp app) =>
        (await app.Services.GetRequiredService<ITenantStore>().ListTenantsAsync(default))[0].Id;

    [Fact]
    public async Task PostMetrics_JsonBatch_StoresEverySample()
    {
        await using var app = await TocsinApp.StartAsync();
        var now = app.Clock.GetUtcNow();
        var response = await app.Client.PostAsJsonAsync("/api/v1/metrics", new object[]
        {
            new { name = "cpu.used.percent", labels = new { host = "a" }, value = 12.5, timestamp = now.ToUnixTimeMilliseconds() },
            new { name = "cpu.used.percent", labels = new { host = "b" }, value = 40.0 },
            new { name = "cpu.used.percent", labels = new { host = "b" }, value = 41.0, timestamp = now.AddSeconds(1).ToString("O") },
        });
        var body = (await response.StatusAsync(HttpStatusCode.Accepted))!;
        body["accepted"]!.GetValue<int>().ShouldBe(3);
        body["rejected"]!.GetValue<int>().ShouldBe(0);
        var series = app.Services.GetRequiredService<SeriesStore>().Query(await DefaultTenantAsync(app), "cpu.used.percent", null);
        series.Count.ShouldBe(2);
        series.Single(s => s.Labels["host"] == "b").Points().Select(p => p.Value).ShouldBe([40.0, 41.0]);
    }

    [Fact]
    public async Task PostMetrics_PrometheusText_StoresSamples()
    {
        await using var app = await TocsinApp.StartAsync();
        var response = await app.PushTextAsync("""
            # HELP node_load1 1m load average.
            # TYPE node_load1 gauge
            node_load1{instance="web1"} 0.75
            node_load1{instance="web2"} 1.5
            """);
        (await response.StatusAsync(HttpStatusCode.Accepted))!["accepted"]!.GetValue<int>().ShouldBe(2);
        var series = app.Services.GetRequiredService<SeriesStore>().Query(await DefaultTenantAsync(app), "node_load1", null);
        series.Select(s => s.Labels["instance"]).Order().ShouldBe(["web1", "web2"]);
    }

    [Fact]
    public async Task PostMetrics_PrometheusTextWithVersionParameter_IsAccepted()
    {
        await using var app = await TocsinApp.StartAsync();
        var content = new StringContent("up 1\n", Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("text/plain; version=0.0.4");
        await (await app.Client.PostAsync("/api/v1/metrics", content)).StatusAsync(HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task PostMetrics_PrometheusTextWithNaN_Returns400NamingTheLine()
    {
        await using var app = await TocsinApp.StartAsync();
        var problem = await (await app.PushTextAsync("up 1\nload NaN\n")).ProblemAsync(HttpStatusCode.BadRequest, "body");
        problem["detail"]!.GetValue<string>().ShouldContain("line 2");
    }

    [Theory]
    [InlineData("""[{"name":"a","value":1},{"name":"b","value":"NaN"}]""", "[1].value")]
    [InlineData("""[{"name":"a","value":"Infinity"}]""", "[0].value")]
    [InlineData("""[{"name":"a","labels":{"":"x"},"value":1}]""", "[0].labels")]
    [InlineData("""[{"name":"1bad","value":1}]""", "[0].name")]
    [InlineData("""[{"value":1}]""", "[0].name")]
    [InlineData("""[{"name":"a"}]""", "[0].value")]
    [InlineData("""[{"name":"a","value":true}]""", "[0].value")]
    [InlineData("""[{"name":"a","value":1,"timestamp":"yesterday"}]""", "[0].timestamp")]
    [InlineData("""[{"name":"a","labels":["x"],"value":1}]""", "[0].labels")]
    [InlineData("""{"name":"a","value":1}""", "body")]
    [InlineData("""[]""", "body")]
    public async Task PostMetrics_BadSample_Returns400NamingTheField(string json, string field)
    {
        await using var app = await TocsinApp.StartAsync();
        var response = await app.Client.PostAsync("/api/v1/metrics", new StringContent(json, Encoding.UTF8, "application/json"));
        await response.ProblemAsync(HttpStatusCode.BadRequest, field);
        app.Services.GetRequiredService<SeriesStore>().SeriesCount.ShouldBe(0);
    }

    [Fact]
    public async Task PostMetrics_MoreThan10000_Returns400()
    {
        await using var app = await TocsinApp.StartAsync();
        var batch = Enumerable.Range(0, 10_001).Select(i => new { name = "m", labels = new { i = i.ToString() }, value = 1.0 }).ToArray();
        var problem = await (await app.Client.PostAsJsonAsync("/api/v1/metrics", batch)).ProblemAsync(HttpStatusCode.BadRequest, "body");
        problem["detail"]!.GetValue<string>().ShouldContain("10000");
        app.Services.GetRequiredService<SeriesStore>().SeriesCount.ShouldBe(0);
    }

    [Fact]
    public async Task PostMetrics_SeriesCapReached_Returns429()
    {
        await using var app = await TocsinApp.StartAsync(services: s => s.AddSingleton(new SeriesStore(new SeriesStoreOptions { MaxSeries = 2 })));
        var batch = Enumerable.Range(0, 3).Select(i => new { name = "m", labels = new { i = i.ToString() }, value = 1.0 }).ToArray();
        var problem = await (await app.Client.PostAsJsonAsync("/api/v1/metrics", batch)).ProblemAsync(HttpStatusCode.TooManyRequests, "body");
        problem["detail"]!.GetValue<string>().ShouldContain("2 of 3 samples were stored");
    }

    [Fact]
    public async Task PostMetrics_OutOfOrderSample_IsCountedAsRejected()
    {
        await using var app = await TocsinApp.StartAsync();
        var now = app.Clock.GetUtcNow();
        await app.PushAsync("m", 1, now);
        var response = await app.Client.PostAsJsonAsync("/api/v1/metrics", new object[] { new { name = "m", value = 2.0, timestamp = now.AddSeconds(-5).ToUnixTimeMilliseconds() } });
        var body = (await response.StatusAsync(HttpStatusCode.Accepted))!;
        body["rejected"]!.GetValue<int>().ShouldBe(1);
        body["firstRejected"]!["reason"]!.GetValue<string>().ShouldBe("out_of_order");
    }

    [Fact]
    public async Task PostMetrics_UnsupportedContentType_Returns415()
    {
        await using var app = await TocsinApp.StartAsync();
        var response = await app.Client.PostAsync("/api/v1/metrics", new StringContent("<x/>", Encoding.UTF8, "application/xml"));
        // Routing refuses it from the endpoint's Accepts metadata, before the handler runs.
        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task PostMetrics_WithoutEventsWrite_Returns403()
    {
        await using var app = await TocsinApp.StartAsync();
        var reader = await app.ClientWithAsync([Permission.AlertsRead]);
        var response = await reader.PostAsJsonAsync("/api/v1/metrics", new object[] { new { name = "m", value = 1.0 } });
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Series_SurviveRestart_ThroughTheSnapshot()
    {
        await using var app = await TocsinApp.StartAsync();
        await app.PushAsync("m", 7, app.Clock.GetUtcNow(), new { host = "a" });
        await app.RestartAsync();
        var series = app.Services.GetRequiredService<SeriesStore>().Query(await DefaultTenantAsync(app), "m", null);
        series.Single().Points().Single().Value.ShouldBe(7);
    }

    [Fact]
    public async Task OpenApi_ListsMetricsAndRulesPaths()
    {
        await using var app = await TocsinApp.StartAsync();
        var doc = (await (await app.Client.GetAsync("/openapi/v1.json")).StatusAsync(HttpStatusCode.OK))!;
        var paths = doc["paths"]!.AsObject().Select(p => p.Key).ToList();
        paths.ShouldContain("/api/v1/metrics");
        paths.ShouldContain("/api/v1/rules");
        paths.ShouldContain("/api/v1/rules/validate");
        paths.ShouldContain("/api/v1/rules/{id}/preview");
        paths.ShouldContain("/api/v1/rules/{id}/state");
        doc["paths"]!["/api/v1/metrics"]!["post"]!["requestBody"]!["content"]!.AsObject().Select(c => c.Key).ShouldContain("text/plain");
    }
}
