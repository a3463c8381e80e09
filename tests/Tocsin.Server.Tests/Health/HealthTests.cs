using System.Net;
using Tocsin.Server.Tests.Infrastructure;

namespace Tocsin.Server.Tests.Health;

public sealed class HealthTests
{
    [Fact]
    public async Task Healthz_And_Readyz_AnswerWithoutKey()
    {
        await using var app = await TocsinApp.StartAsync();
        using var anon = app.CreateClient(null);
        (await (await anon.GetAsync("/healthz")).StatusAsync(HttpStatusCode.OK))!["status"]!.GetValue<string>().ShouldBe("ok");
        (await (await anon.GetAsync("/readyz")).StatusAsync(HttpStatusCode.OK))!["status"]!.GetValue<string>().ShouldBe("ready");
    }

    [Fact]
    public async Task OpenApi_DescribesNativeApiAndPrometheus()
    {
        await using var app = await TocsinApp.StartAsync();
        using var anon = app.CreateClient(null);
        var doc = (await (await anon.GetAsync("/openapi/v1.json")).StatusAsync(HttpStatusCode.OK))!;
        var paths = doc["paths"]!.AsObject();
        foreach (var p in new[] { "/api/v1/alerts", "/api/v1/alerts/{id}", "/api/v1/alerts/{id}/acknowledge", "/api/v1/events", "/api/v1/tenant", "/api/v2/alerts" })
            paths.ContainsKey(p).ShouldBeTrue($"OpenAPI lacks {p}");
        (await anon.GetAsync("/docs/index.html")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
