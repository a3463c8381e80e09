using System.Net;
using System.Net.Http.Json;
using Tocsin.Server.Tests.Infrastructure;

namespace Tocsin.Server.Tests.Rules;

/// <summary>Metric samples in over HTTP, the evaluation tick driven by hand, alerts out through the alert API.</summary>
public sealed class RuleEvaluationTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Flow_Pending_HoldElapses_Fires_AlertWithRuleDedupKey()
    {
        await using var app = await TocsinApp.StartAsync();
        var t0 = app.Clock.GetUtcNow();
        var id = (await app.CreateRuleAsync(new
        {
            name = "CPU hot", condition = "max(timeMax(cpu)) > 90", segmentBy = new[] { "host" },
            evaluationStepSeconds = 10, windowSeconds = 30, holdDurationSeconds = 20,
        })).Id();
        var key = $"rule:{id}:host=a";

        await app.PushAsync("cpu", 95, t0, new { host = "a" });
        await app.EvaluateAsync();
        (await app.StateAsync(id))["segments"]![0]!["status"]!.GetValue<string>().ShouldBe("pending");
        (await app.AlertsAsync(key)).Count.ShouldBe(0);

        await app.PushAsync("cpu", 96, t0 + Step, new { host = "a" });
        await app.StepAsync(Step);
        (await app.AlertsAsync(key)).Count.ShouldBe(0); // 10 s of a 20 s hold

        await app.PushAsync("cpu", 97, t0 + 2 * Step, new { host = "a" });
        await app.StepAsync(Step);
        var alerts = await app.AlertsAsync(key);
        alerts.Count.ShouldBe(1);
        var alert = alerts[0]!;
        alert["status"]!.GetValue<string>().ShouldBe("triggered");
        alert["priority"]!.GetValue<string>().ShouldBe("critical");
        alert["source"]!.GetValue<string>().ShouldBe("rules");
        alert["title"]!.GetValue<string>().ShouldBe("CPU hot (host=a)");
        alert["labels"]!["host"]!.GetValue<string>().ShouldBe("a");
        alert["labels"]!["rule_id"]!.GetValue<string>().ShouldBe(id.ToString());

        var state = await app.StateAsync(id);
        state["inAlarm"]!.GetValue<bool>().ShouldBeTrue();
        state["lastEvaluatedAt"]!.GetValue<DateTimeOffset>().ShouldBe(t0 + 2 * Step);
        state["segments"]![0]!["value"]!.GetValue<double>().ShouldBe(97);
    }

    [Fact]
    public async Task Flow_Flap_CancelsPending_NoAlert()
    {
        await using var app = await TocsinApp.StartAsync();
        var t0 = app.Clock.GetUtcNow();
        var id = (await app.CreateRuleAsync(new { name = "flappy", condition = "max(timeMax(cpu)) > 90", evaluationStepSeconds = 10, windowSeconds = 10, holdDurationSeconds = 20 })).Id();
        await app.PushAsync("cpu", 95, t0);
        await app.EvaluateAsync();
        await app.PushAsync("cpu", 10, t0 + Step);
        await app.StepAsync(Step);
        await app.PushAsync("cpu", 95, t0 + 2 * Step);
        await app.StepAsync(Step);
        (await app.AlertsAsync($"rule:{id}:")).Count.ShouldBe(0);
        (await app.StateAsync(id))["segments"]![0]!["status"]!.GetValue<string>().ShouldBe("pending");
    }

    [Fact]
    public async Task Flow_WarningThenCritical_RaisesSameAlertsPriority_ThenClearResolves()
    {
        await using var app = await TocsinApp.StartAsync();
        var t0 = app.Clock.GetUtcNow();
        var id = (await app.CreateRuleAsync(new
        {
            name = "disk", condition = "max(timeMax(disk.used)) > 95", warning = new { op = ">", value = 80 },
            segmentBy = new[] { "host" }, evaluationStepSeconds = 10, windowSeconds = 10,
        })).Id();
        var key = $"rule:{id}:host=db1";

        await app.PushAsync("disk.used", 85, t0, new { host = "db1" });
        await app.EvaluateAsync();
        var warning = (await app.AlertsAsync(key)).Single()!;
        warning["priority"]!.GetValue<string>().ShouldBe("medium");

        await app.PushAsync("disk.used", 99, t0 + Step, new { host = "db1" });
        await app.StepAsync(Step);
        var critical = (await app.AlertsAsync(key)).Single()!;
        critical["id"]!.GetValue<long>().ShouldBe(warning["id"]!.GetValue<long>());
        critical["priority"]!.GetValue<string>().ShouldBe("critical");
        critical["count"]!.GetValue<int>().ShouldBe(2);

        await app.PushAsync("disk.used", 40, t0 + 2 * Step, new { host = "db1" });
        await app.StepAsync(Step);
        (await app.AlertsAsync(key)).Single()!["status"]!.GetValue<string>().ShouldBe("resolved");
        (await app.StateAsync(id))["inAlarm"]!.GetValue<bool>().ShouldBeFalse();
    }

    [Fact]
    public async Task Evaluate_BeforeStepElapsed_DoesNotRunTheRuleAgain()
    {
        await using var app = await TocsinApp.StartAsync();
        var t0 = app.Clock.GetUtcNow();
        var id = (await app.CreateRuleAsync(new { name = "r", condition = "max(timeMax(cpu)) > 90", evaluationStepSeconds = 30, windowSeconds = 30 })).Id();
        (await app.EvaluateAsync()).Evaluated.ShouldBe(1);
        // The background worker may also tick when the clock moves; either way the rule runs once per step.
        await app.StepAsync(Step);
        (await app.StateAsync(id))["lastEvaluatedAt"]!.GetValue<DateTimeOffset>().ShouldBe(t0);
        await app.StepAsync(2 * Step);
        (await app.StateAsync(id))["lastEvaluatedAt"]!.GetValue<DateTimeOffset>().ShouldBe(t0 + 3 * Step);
    }

    [Fact]
    public async Task PrometheusTextSamples_FireRule()
    {
        await using var app = await TocsinApp.StartAsync();
        var id = (await app.CreateRuleAsync(new { name = "down", condition = "min(timeMin(up)) < 1", segmentBy = new[] { "job" }, evaluationStepSeconds = 10, windowSeconds = 10 })).Id();
        await (await app.PushTextAsync("# TYPE up gauge\nup{job=\"api\"} 0\nup{job=\"web\"} 1\n")).StatusAsync(HttpStatusCode.Accepted);
        await app.EvaluateAsync();
        (await app.AlertsAsync($"rule:{id}:job=api")).Count.ShouldBe(1);
        (await app.AlertsAsync($"rule:{id}:job=web")).Count.ShouldBe(0);
    }

    [Fact]
    public async Task State_SurvivesRestart_PendingThenFiresFromSnapshotData()
    {
        await using var app = await TocsinApp.StartAsync();
        var t0 = app.Clock.GetUtcNow();
        var id = (await app.CreateRuleAsync(new { name = "slow", condition = "avg(timeAvg(q.depth)) > 100", evaluationStepSeconds = 10, windowSeconds = 60, holdDurationSeconds = 20 })).Id();
        await app.PushAsync("q.depth", 1000, t0); // timeAvg over 6 steps: 166
        await app.EvaluateAsync();

        await app.RestartAsync();
        var state = await app.StateAsync(id);
        state["segments"]![0]!["status"]!.GetValue<string>().ShouldBe("pending");
        state["segments"]![0]!["pendingSince"]!.GetValue<DateTimeOffset>().ShouldBe(t0);

        // No new samples: the restored window still holds the one before the restart.
        await app.StepAsync(2 * Step);
        (await app.AlertsAsync($"rule:{id}:")).Single()!["status"]!.GetValue<string>().ShouldBe("triggered");
    }

    [Fact]
    public async Task Preview_ShowsWouldBeStateAndDecisions_WithoutSideEffects()
    {
        await using var app = await TocsinApp.StartAsync();
        var t0 = app.Clock.GetUtcNow();
        var id = (await app.CreateRuleAsync(new { name = "p", condition = "max(timeMax(cpu)) > 90", segmentBy = new[] { "host" }, evaluationStepSeconds = 10, windowSeconds = 10 })).Id();
        await app.PushAsync("cpu", 95, t0, new { host = "a" });
        await app.PushAsync("cpu", 5, t0, new { host = "b" });

        var preview = (await (await app.Client.PostAsync($"/api/v1/rules/{id}/preview", null)).StatusAsync(HttpStatusCode.OK))!;
        preview["inAlarm"]!.GetValue<bool>().ShouldBeTrue();
        var segments = preview["segments"]!.AsArray();
        segments.Select(s => s!["segmentKey"]!.GetValue<string>()).ShouldBe(["host=a", "host=b"]);
        segments[0]!["status"]!.GetValue<string>().ShouldBe("firing");
        segments[0]!["value"]!.GetValue<double>().ShouldBe(95);
        segments[0]!["labels"]!["host"]!.GetValue<string>().ShouldBe("a");
        segments[1]!["status"]!.GetValue<string>().ShouldBe("ok");
        preview["decisions"]!.AsArray().Single()!["kind"]!.GetValue<string>().ShouldBe("fire");

        (await app.AlertsAsync($"rule:{id}:host=a")).Count.ShouldBe(0);
        var state = await app.StateAsync(id);
        state["segments"]!.AsArray().Count.ShouldBe(0);
        state["lastEvaluatedAt"].ShouldBeNull();
    }

    [Fact]
    public async Task Rule_SeesOnlyItsTenantsSamples()
    {
        await using var app = await TocsinApp.StartAsync();
        var t0 = app.Clock.GetUtcNow();
        var other = await app.OtherTenantClientAsync();
        var id = (await app.CreateRuleAsync(new { name = "iso", condition = "max(timeMax(cpu)) > 90", segmentBy = new[] { "host" }, evaluationStepSeconds = 10, windowSeconds = 10 })).Id();
        await app.PushAsync("cpu", 99, t0, new { host = "theirs" }, other);
        await app.PushAsync("cpu", 1, t0, new { host = "mine" });
        await app.EvaluateAsync();
        (await app.AlertsAsync($"rule:{id}:host=theirs")).Count.ShouldBe(0);
        (await app.AlertsAsync($"rule:{id}:host=theirs", other)).Count.ShouldBe(0);
        (await app.StateAsync(id))["segments"]!.AsArray().Select(s => s!["segmentKey"]!.GetValue<string>()).ShouldBe(["host=mine"]);
    }

    [Fact]
    public async Task Disable_ResolvesFiringAlert()
    {
        await using var app = await TocsinApp.StartAsync();
        var t0 = app.Clock.GetUtcNow();
        var id = (await app.CreateRuleAsync(new { name = "d", condition = "max(timeMax(cpu)) > 90", evaluationStepSeconds = 10, windowSeconds = 10 })).Id();
        await app.PushAsync("cpu", 99, t0);
        await app.EvaluateAsync();
        await (await app.Client.PatchAsJsonAsync($"/api/v1/rules/{id}", new { enabled = false, version = 1 })).StatusAsync(HttpStatusCode.OK);
        await app.EvaluateAsync();
        (await app.AlertsAsync($"rule:{id}:")).Single()!["status"]!.GetValue<string>().ShouldBe("resolved");
    }

    [Fact]
    public async Task Delete_ResolvesFiringAlert()
    {
        await using var app = await TocsinApp.StartAsync();
        var t0 = app.Clock.GetUtcNow();
        var id = (await app.CreateRuleAsync(new { name = "gone", condition = "max(timeMax(cpu)) > 90", evaluationStepSeconds = 10, windowSeconds = 10 })).Id();
        await app.PushAsync("cpu", 99, t0);
        await app.EvaluateAsync();
        (await app.Client.DeleteAsync($"/api/v1/rules/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await app.AlertsAsync($"rule:{id}:")).Single()!["status"]!.GetValue<string>().ShouldBe("resolved");
    }
}
