using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Tocsin.Core.Rules;
using Tocsin.Server.Tests.Infrastructure;
using Tocsin.Server.Tests.Notifications;
using Tocsin.Server.Tests.OnCall;

namespace Tocsin.Server.Tests.Rules;

/// <summary>
/// #5 §5 re-notify as IBM / Sysdig users expect it: while the rule's alert stays open and the condition holds, a notification
/// on the same alert every N minutes (outbox + timeline), never a new trigger. The background workers may also tick when the
/// fake clock moves; assertions read outcomes (outbox rows, timeline), which are the same whoever ran the pass.
/// </summary>
public sealed class RuleRenotifyTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private static Task<int> RenotifyAsync(TocsinApp app) => app.Services.GetRequiredService<RuleRenotifyRunner>().RunOnceAsync(default);

    private static async Task<(long Rule, long Alert, long User)> FiringRuleAsync(TocsinApp app, string webhook)
    {
        var user = await app.UserAsync("Alice");
        await app.ContactMethodAsync(user, "webhook", webhook);
        var rule = (await app.CreateRuleAsync(new
        {
            name = "disk full", condition = "max(timeMax(disk.used)) > 90", evaluationStepSeconds = 60, windowSeconds = 60,
            renotifyMinutes = 5, notifyUserIds = new[] { user },
        })).Id();
        await app.PushAsync("disk.used", 99, app.Clock.GetUtcNow());
        await app.EvaluateAsync();
        var alert = (await app.AlertsAsync($"rule:{rule}:")).Single()!["id"]!.GetValue<long>();
        return (rule, alert, user);
    }

    /// <summary>Keeps the condition true (a sample each minute, pushed before the clock reaches it) while time passes.</summary>
    private static async Task StillFiringAsync(TocsinApp app, int minutes, double value = 99)
    {
        for (var i = 0; i < minutes; i++)
        {
            await app.PushAsync("disk.used", value, app.Clock.GetUtcNow() + Minute);
            await app.StepAsync(Minute);
            await RenotifyAsync(app);
        }
    }

    private static async Task<int> RenotifiedAsync(TocsinApp app, long alert) =>
        (await app.TimelineAsync(alert)).Count(e => e!["type"]!.GetValue<string>() == "renotified");

    [Fact]
    public async Task Renotify_WhileFiring_NotifiesTheSameAlertEveryPeriod_WithoutNewTrigger()
    {
        await using var sink = await HttpSink.StartAsync();
        await using var app = await NotificationScenario.StartAsync();
        var (rule, alert, user) = await FiringRuleAsync(app, sink.Url("/hook").ToString());

        await StillFiringAsync(app, 4);
        (await app.PagesAsync(alert)).ShouldBe([$"triggered:{user}"], "the first firing notifies the rule's users; re-notify adds to it, never a new trigger");
        (await RenotifiedAsync(app, alert)).ShouldBe(0);

        await StillFiringAsync(app, 1);
        (await app.PagesAsync(alert)).ShouldBe([$"triggered:{user}", $"renotify:{user}"]);
        (await RenotifyAsync(app)).ShouldBe(0, "period 1 is done");
        (await RenotifiedAsync(app, alert)).ShouldBe(1);
        await app.RunDeliveryAsync();
        sink.Requests.Count.ShouldBe(2, $"the trigger and the first re-notification; received:\n{sink.Describe()}\nattempts: {await app.NotificationsAsync(alert)}");

        await StillFiringAsync(app, 5);
        (await app.PagesAsync(alert)).ShouldBe([$"triggered:{user}", $"renotify:{user}", $"renotify:{user}"]);
        (await RenotifiedAsync(app, alert)).ShouldBe(2);

        // Still one alert, triggered once: re-notification is not a repeat trigger.
        var only = (await app.AlertsAsync($"rule:{rule}:")).Single()!;
        only["count"]!.GetValue<int>().ShouldBe(1);
        only["status"]!.GetValue<string>().ShouldBe("triggered");
    }

    [Fact]
    public async Task Renotify_ConditionClears_StopsAndTheScheduleRowGoes()
    {
        await using var sink = await HttpSink.StartAsync();
        await using var app = await NotificationScenario.StartAsync();
        var (_, alert, _) = await FiringRuleAsync(app, sink.Url("/hook").ToString());

        await StillFiringAsync(app, 2);
        await StillFiringAsync(app, 1, value: 10); // resolves
        await StillFiringAsync(app, 10, value: 10);

        (await app.StatusOfAsync(alert)).ShouldBe("resolved");
        (await RenotifiedAsync(app, alert)).ShouldBe(0);
        var due = await app.Services.GetRequiredService<IRuleRenotifyStore>().ClaimDueAsync(app.Clock.GetUtcNow() + TimeSpan.FromDays(1), app.Clock.GetUtcNow() + TimeSpan.FromDays(2), 10, default);
        due.ShouldBeEmpty();
    }

    [Fact]
    public async Task Renotify_AlertResolvedByHandWhileConditionHolds_NothingSent()
    {
        await using var sink = await HttpSink.StartAsync();
        await using var app = await NotificationScenario.StartAsync();
        var (_, alert, _) = await FiringRuleAsync(app, sink.Url("/hook").ToString());
        await (await app.Client.PostAsync($"/api/v1/alerts/{alert}/resolve", null)).StatusAsync(HttpStatusCode.OK);

        await StillFiringAsync(app, 6);

        (await app.PagesAsync(alert)).Count(p => p.StartsWith("renotify", StringComparison.Ordinal)).ShouldBe(0);
        (await RenotifiedAsync(app, alert)).ShouldBe(0);
    }

    [Fact]
    public async Task Renotify_SurvivesRestart()
    {
        await using var sink = await HttpSink.StartAsync();
        await using var app = await NotificationScenario.StartAsync();
        var (_, alert, user) = await FiringRuleAsync(app, sink.Url("/hook").ToString());
        await StillFiringAsync(app, 3);

        await app.RestartAsync();
        await StillFiringAsync(app, 2);

        (await app.PagesAsync(alert)).ShouldBe([$"triggered:{user}", $"renotify:{user}"]);
    }

    [Fact]
    public async Task Claim_IsLeased_OtherClaimersWait_UntilTheLeasePasses()
    {
        await using var sink = await HttpSink.StartAsync();
        await using var app = await NotificationScenario.StartAsync();
        var (rule, _, _) = await FiringRuleAsync(app, sink.Url("/hook").ToString());
        var store = app.Services.GetRequiredService<IRuleRenotifyStore>();
        var due = app.Clock.GetUtcNow() + TimeSpan.FromMinutes(5);

        // As a node that claims the period and then dies without completing it.
        var first = await store.ClaimDueAsync(due, due + RuleRenotifyRunner.Lease, 10, default);
        first.Single().RuleId.ShouldBe(rule);
        (await store.ClaimDueAsync(due + Minute, due + Minute + RuleRenotifyRunner.Lease, 10, default)).ShouldBeEmpty();

        var retried = await store.ClaimDueAsync(due + RuleRenotifyRunner.Lease, due + 2 * RuleRenotifyRunner.Lease, 10, default);
        retried.Single().Period.ShouldBe(0, "the dead claim did not complete its period");
    }
}
