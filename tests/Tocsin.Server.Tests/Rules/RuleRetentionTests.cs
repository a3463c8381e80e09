using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Tocsin.Core.Metrics;
using Tocsin.Server.Tests.Infrastructure;

namespace Tocsin.Server.Tests.Rules;

/// <summary>#5 §2: the series retention follows the longest window (+ hold) of the enabled rules, not a fixed default.</summary>
public sealed class RuleRetentionTests
{
    private static readonly TimeSpan Default = SeriesStoreOptions.DefaultRetention;

    private static object LongRule(string name = "slow burn") =>
        new { name, condition = "max(timeMax(disk.errors)) > 90", evaluationStepSeconds = 60, windowSeconds = 7200 };

    private static async Task<JsonNode> PushOldAsync(TocsinApp app, TimeSpan age)
    {
        var at = app.Clock.GetUtcNow() - age;
        var response = await app.Client.PostAsJsonAsync("/api/v1/metrics",
            new object[] { new { name = "disk.errors", labels = new { }, value = 99, timestamp = at.ToUnixTimeMilliseconds() } });
        return (await response.StatusAsync(HttpStatusCode.Accepted))!;
    }

    [Fact]
    public async Task LongWindowRule_SeesSampleOlderThanDefaultRetention_AndFires()
    {
        await using var app = await TocsinApp.StartAsync();
        var t0 = app.Clock.GetUtcNow();
        var id = (await app.CreateRuleAsync(LongRule())).Id();
        await app.PushAsync("disk.errors", 99, t0);

        // Well past the 30-minute default: the point would have been trimmed before the rule could read it.
        app.Clock.Advance(Default + TimeSpan.FromMinutes(60));
        await app.EvaluateAsync();

        (await app.AlertsAsync($"rule:{id}:")).Single()!["status"]!.GetValue<string>().ShouldBe("triggered");
        app.Services.GetRequiredService<SeriesStore>().Retention.ShouldBe(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task Retention_FollowsRuleCreateUpdateDelete()
    {
        await using var app = await TocsinApp.StartAsync();
        var store = app.Services.GetRequiredService<SeriesStore>();
        var age = TimeSpan.FromMinutes(90);

        (await PushOldAsync(app, age))["accepted"]!.GetValue<int>().ShouldBe(0); // no rule needs it: too old
        var rule = await app.CreateRuleAsync(LongRule());
        var id = rule.Id();
        (await PushOldAsync(app, age))["accepted"]!.GetValue<int>().ShouldBe(1);

        // Hold counts too: a 2 h window with a 1 h hold keeps 3 h 5 min.
        var patched = await app.Client.PatchAsJsonAsync($"/api/v1/rules/{id}", new { holdDurationSeconds = 3600, version = rule["version"]!.GetValue<int>() });
        await patched.StatusAsync(HttpStatusCode.OK);
        store.Retention.ShouldBe(TimeSpan.FromHours(3) + TimeSpan.FromMinutes(5));

        await (await app.Client.DeleteAsync($"/api/v1/rules/{id}")).StatusAsync(HttpStatusCode.NoContent);
        store.Retention.ShouldBe(Default);
        (await PushOldAsync(app, age + TimeSpan.FromMinutes(1)))["accepted"]!.GetValue<int>().ShouldBe(0);
    }

    [Fact]
    public async Task DisabledRule_DoesNotHoldRetention()
    {
        await using var app = await TocsinApp.StartAsync();
        var rule = await app.CreateRuleAsync(LongRule());
        app.Services.GetRequiredService<SeriesStore>().Retention.ShouldBeGreaterThan(Default);
        var patched = await app.Client.PatchAsJsonAsync($"/api/v1/rules/{rule.Id()}", new { enabled = false, version = rule["version"]!.GetValue<int>() });
        await patched.StatusAsync(HttpStatusCode.OK);
        app.Services.GetRequiredService<SeriesStore>().Retention.ShouldBe(Default);
    }

    [Fact]
    public async Task Restart_KeepsSnapshotPointsOlderThanDefaultRetention_ForLongWindowRule()
    {
        await using var app = await TocsinApp.StartAsync();
        var t0 = app.Clock.GetUtcNow();
        var id = (await app.CreateRuleAsync(LongRule())).Id();
        await app.PushAsync("disk.errors", 99, t0);
        app.Clock.Advance(Default + TimeSpan.FromMinutes(15));

        await app.RestartAsync();
        await app.EvaluateAsync();

        (await app.AlertsAsync($"rule:{id}:")).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Create_HoldBeyondRetentionCeiling_Returns400()
    {
        await using var app = await TocsinApp.StartAsync();
        var response = await app.Client.PostAsJsonAsync("/api/v1/rules",
            new { name = "x", condition = "avg(timeAvg(cpu)) > 1", windowSeconds = 86400, evaluationStepSeconds = 60, holdDurationSeconds = 2 * 86400 });
        await response.ProblemAsync(HttpStatusCode.BadRequest, "holdDurationSeconds");
    }
}
