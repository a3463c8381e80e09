using System.Net;
using Tocsin.Server.Tests.Infrastructure;

namespace Tocsin.Server.Tests.Rules;

/// <summary>GET /api/v1/rules/{id}/series: the samples a rule reads, for the console's chart.</summary>
public sealed class RuleWindowApiTests
{
    [Fact]
    public async Task Series_PushedSamples_ComeBackPerSegmentWithThresholds()
    {
        await using var app = await TocsinApp.StartAsync();
        var t0 = app.Clock.GetUtcNow();
        var id = (await app.CreateRuleAsync(new
        {
            name = "CPU hot", condition = "max(timeMax(cpu)) > 90", segmentBy = new[] { "host" }, evaluationStepSeconds = 10, windowSeconds = 60,
            warning = new { op = ">", value = 75 },
        })).Id();
        await app.PushAsync("cpu", 10, t0 - TimeSpan.FromSeconds(90), new { host = "a" }); // older than the window
        await app.PushAsync("cpu", 40, t0 - TimeSpan.FromSeconds(30), new { host = "a" });
        await app.PushAsync("cpu", 95, t0, new { host = "a" });
        await app.PushAsync("cpu", 12, t0, new { host = "b", zone = "z1" });

        var w = (await (await app.Client.GetAsync($"/api/v1/rules/{id}/series")).StatusAsync(HttpStatusCode.OK))!;

        w["ruleId"]!.GetValue<long>().ShouldBe(id);
        w["from"]!.GetValue<DateTimeOffset>().ShouldBe(t0 - TimeSpan.FromSeconds(60));
        w["to"]!.GetValue<DateTimeOffset>().ShouldBe(t0);
        w["thresholds"]!.AsArray().Select(t => (t!["level"]!.GetValue<string>(), t["op"]!.GetValue<string>(), t["value"]!.GetValue<double>()))
            .ShouldBe([("critical", ">", 90.0), ("warning", ">", 75.0)]);
        var segments = w["segments"]!.AsArray();
        segments.Select(s => s!["segmentKey"]!.GetValue<string>()).ShouldBe(["host=a", "host=b"]);
        segments[0]!["labels"]!["host"]!.GetValue<string>().ShouldBe("a");
        var a = segments[0]!["series"]!.AsArray().ShouldHaveSingleItem()!;
        a["metric"]!.GetValue<string>().ShouldBe("cpu");
        a["points"]!.AsArray().Select(p => (p!["at"]!.GetValue<DateTimeOffset>(), p["value"]!.GetValue<double>()))
            .ShouldBe([(t0 - TimeSpan.FromSeconds(30), 40.0), (t0, 95.0)]);
        segments[1]!["series"]![0]!["labels"]!["zone"]!.GetValue<string>().ShouldBe("z1");
    }

    [Fact]
    public async Task Series_NoSamples_EmptySegments()
    {
        await using var app = await TocsinApp.StartAsync();
        var id = (await app.CreateRuleAsync(new { name = "quiet", condition = "max(timeMax(cpu)) > 90" })).Id();
        var w = (await (await app.Client.GetAsync($"/api/v1/rules/{id}/series")).StatusAsync(HttpStatusCode.OK))!;
        w["segments"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task Series_MaxPoints_ThinsLongSeries()
    {
        await using var app = await TocsinApp.StartAsync();
        var t0 = app.Clock.GetUtcNow();
        var id = (await app.CreateRuleAsync(new { name = "busy", condition = "max(timeMax(cpu)) > 90", evaluationStepSeconds = 10, windowSeconds = 60 })).Id();
        for (var i = 9; i >= 0; i--) await app.PushAsync("cpu", i == 4 ? 99 : 1, t0 - TimeSpan.FromSeconds(i * 5));
        var points = (await (await app.Client.GetAsync($"/api/v1/rules/{id}/series?maxPoints=4")).StatusAsync(HttpStatusCode.OK))!["segments"]![0]!["series"]![0]!["points"]!.AsArray();
        points.Count.ShouldBeLessThanOrEqualTo(4);
        points.Select(p => p!["value"]!.GetValue<double>()).ShouldContain(99);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1")]
    [InlineData("2001")]
    [InlineData("-5")]
    public async Task Series_BadMaxPoints_BadRequestNamingField(string maxPoints)
    {
        await using var app = await TocsinApp.StartAsync();
        var id = (await app.CreateRuleAsync(new { name = "r", condition = "max(timeMax(cpu)) > 90" })).Id();
        await (await app.Client.GetAsync($"/api/v1/rules/{id}/series?maxPoints={maxPoints}")).ProblemAsync(HttpStatusCode.BadRequest, "maxPoints");
    }

    [Fact]
    public async Task Series_UnknownOrOtherTenantsRule_NotFound()
    {
        await using var app = await TocsinApp.StartAsync();
        var id = (await app.CreateRuleAsync(new { name = "mine", condition = "max(timeMax(cpu)) > 90" })).Id();
        await (await app.Client.GetAsync($"/api/v1/rules/{id + 1000}/series")).StatusAsync(HttpStatusCode.NotFound);
        var other = await app.OtherTenantClientAsync();
        await (await other.GetAsync($"/api/v1/rules/{id}/series")).StatusAsync(HttpStatusCode.NotFound);
    }
}
