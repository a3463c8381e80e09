using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Text.Json.Nodes;
using Tocsin.Server.Tests.Infrastructure;
using Tocsin.Server.Tests.OnCall;
using Tocsin.Server.Tests.Rules;

namespace Tocsin.Server.Tests.Notifications;

/// <summary>
/// A metric rule's <c>notificationChannelIds</c> and notification users (#4) are told when it fires, escalates and
/// re-notifies, and hear of the acknowledgement and the resolution, through the outbox to real receivers on 127.0.0.1.
/// </summary>
public sealed class RuleNotificationTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(10);

    private static async Task<long> ChannelAsync(TocsinApp app, params Uri[] targets) =>
        (await app.Client.PostOkAsync("/api/v1/channels", new { name = "rule hooks", kind = "webhook", targets = targets.Select(t => t.ToString()).ToArray() }))["id"]!.GetValue<long>();

    private static string Event(RecordedRequest r) => JsonNode.Parse(r.BodyText)!["event"]!.GetValue<string>();

    /// <summary>Fires a one-step rule on <c>cpu</c> at the current clock and returns (rule id, alert id).</summary>
    private static async Task<(long Rule, long Alert)> FireAsync(TocsinApp app, object rule)
    {
        var id = (await app.CreateRuleAsync(rule)).Id();
        await app.PushAsync("cpu", 95, app.Clock.GetUtcNow());
        await app.EvaluateAsync();
        var alert = (await app.AlertsAsync($"rule:{id}:")).ShouldHaveSingleItem()!["id"]!.GetValue<long>();
        return (id, alert);
    }

    [Fact]
    public async Task RuleFires_NotificationChannel_ReceiverGetsTrigger()
    {
        await using var sink = await HttpSink.StartAsync();
        await using var app = await NotificationScenario.StartAsync();
        var channel = await ChannelAsync(app, sink.Url("/rule-a"), sink.Url("/rule-b"));

        var (_, alert) = await FireAsync(app, new { name = "CPU hot", condition = "max(timeMax(cpu)) > 90", evaluationStepSeconds = 10, windowSeconds = 10,
            notificationChannelIds = new[] { channel } });
        await app.RunDeliveryAsync();

        sink.Requests.Select(r => r.Path).Order().ShouldBe(["/rule-a", "/rule-b"]);
        sink.Requests.ShouldAllBe(r => Event(r) == "triggered");
        sink.Requests[0].BodyText.ShouldContain("CPU hot");
        var notifications = await app.NotificationsAsync(alert);
        notifications.Count.ShouldBe(2);
        notifications.ShouldAllBe(n => n!["status"]!.GetValue<string>() == "SENT" && n["channelId"]!.GetValue<long>() == channel);
    }

    [Fact]
    public async Task RuleFires_NotifyUser_UsersContactMethodGetsTrigger()
    {
        await using var sink = await HttpSink.StartAsync();
        await using var app = await NotificationScenario.StartAsync();
        var user = await app.UserAsync("Ruth");
        await app.ContactMethodAsync(user, "webhook", sink.Url("/ruth").ToString());

        var (_, alert) = await FireAsync(app, new { name = "CPU hot", condition = "max(timeMax(cpu)) > 90", evaluationStepSeconds = 10, windowSeconds = 10,
            notifyUserIds = new[] { user } });
        await app.RunDeliveryAsync();

        var request = sink.Requests.ShouldHaveSingleItem();
        request.Path.ShouldBe("/ruth");
        Event(request).ShouldBe("triggered");
        (await app.NotificationsAsync(alert)).ShouldHaveSingleItem()!["userId"]!.GetValue<long>().ShouldBe(user);
    }

    [Fact]
    public async Task RuleWithoutTargets_Fires_NothingDelivered()
    {
        await using var sink = await HttpSink.StartAsync();
        await using var app = await NotificationScenario.StartAsync();
        await ChannelAsync(app, sink.Url("/unused"));

        var (_, alert) = await FireAsync(app, new { name = "quiet", condition = "max(timeMax(cpu)) > 90", evaluationStepSeconds = 10, windowSeconds = 10 });
        await app.RunDeliveryAsync();

        sink.Requests.ShouldBeEmpty();
        (await app.NotificationsAsync(alert)).ShouldBeEmpty();
    }

    [Fact]
    public async Task RuleStillFiring_RenotifyInterval_ChannelToldAgainOncePerInterval()
    {
        await using var sink = await HttpSink.StartAsync();
        await using var app = await NotificationScenario.StartAsync();
        var channel = await ChannelAsync(app, sink.Url("/again"));
        var t0 = app.Clock.GetUtcNow();
        var (_, alert) = await FireAsync(app, new { name = "CPU hot", condition = "max(timeMax(cpu)) > 90", evaluationStepSeconds = 10, windowSeconds = 60,
            notificationChannelIds = new[] { channel }, renotifyMinutes = 1 });
        await app.RunDeliveryAsync();

        for (var i = 1; i <= 7; i++)
        {
            await app.PushAsync("cpu", 95, t0 + i * Step);
            await app.StepAsync(Step);
        }
        // Re-notification is its own leased pass (RuleRenotifyRunner), not a repeat of the trigger.
        await app.Services.GetRequiredService<Tocsin.Core.Rules.RuleRenotifyRunner>().RunOnceAsync(default);
        await app.RunDeliveryAsync();

        (await app.NotificationsAsync(alert)).Select(n => n!["event"]!.GetValue<string>()).ShouldBe(["triggered", "renotify"]);
        // Counted by Idempotency-Key: on a loaded machine an attempt may time out and be repeated (at-least-once).
        sink.Requests.DistinctBy(r => r.Header("Idempotency-Key")).Select(Event).ShouldBe(["triggered", "triggered"]); // a re-notify renders as the trigger
    }

    [Fact]
    public async Task RuleAlert_AcknowledgedThenConditionClears_ChannelAndUserToldOfBoth()
    {
        await using var sink = await HttpSink.StartAsync();
        await using var app = await NotificationScenario.StartAsync();
        var channel = await ChannelAsync(app, sink.Url("/channel"));
        var user = await app.UserAsync("Ruth");
        await app.ContactMethodAsync(user, "webhook", sink.Url("/ruth").ToString());
        var t0 = app.Clock.GetUtcNow();
        var (_, alert) = await FireAsync(app, new { name = "CPU hot", condition = "max(timeMax(cpu)) > 90", evaluationStepSeconds = 10, windowSeconds = 10,
            notificationChannelIds = new[] { channel }, notifyUserIds = new[] { user } });
        await app.RunDeliveryAsync();

        await (await app.Client.PostAsync($"/api/v1/alerts/{alert}/acknowledge", null)).StatusAsync(HttpStatusCode.OK);
        await app.RunDeliveryAsync();
        await app.PushAsync("cpu", 10, t0 + Step);
        await app.StepAsync(Step);
        (await app.StatusOfAsync(alert)).ShouldBe("resolved");
        await app.RunDeliveryAsync();

        sink.Requests.Where(r => r.Path == "/channel").Select(Event).ShouldBe(["triggered", "acknowledged", "resolved"]);
        sink.Requests.Where(r => r.Path == "/ruth").Select(Event).ShouldBe(["triggered", "acknowledged", "resolved"]);
        (await app.NotificationsAsync(alert)).ShouldAllBe(n => n!["status"]!.GetValue<string>() == "SENT");
    }

    [Fact]
    public async Task EscalationPagedUser_AcknowledgedAndResolved_ToldOfBoth_UnpagedUserToldNothing()
    {
        await using var paged = await HttpSink.StartAsync();
        await using var other = await HttpSink.StartAsync();
        await using var app = await NotificationScenario.StartAsync();
        var (user, key) = await app.PagedUserAsync("Alice");
        await app.ContactMethodAsync(user, "webhook", paged.Url("/alice").ToString());
        var bystander = await app.UserAsync("Bob");
        await app.ContactMethodAsync(bystander, "webhook", other.Url("/bob").ToString());

        var alert = await app.PageAsync(key);
        await (await app.Client.PostAsync($"/api/v1/alerts/{alert}/acknowledge", null)).StatusAsync(HttpStatusCode.OK);
        await app.RunDeliveryAsync();
        await (await app.Client.PostAsync($"/api/v1/alerts/{alert}/resolve", null)).StatusAsync(HttpStatusCode.OK);
        await app.RunDeliveryAsync();

        paged.Requests.Select(Event).ShouldBe(["triggered", "acknowledged", "resolved"]);
        paged.Requests.Select(r => r.Header("Idempotency-Key")).Distinct().Count().ShouldBe(3);
        other.Requests.ShouldBeEmpty();
        (await app.NotificationsAsync(alert)).Select(n => n!["event"]!.GetValue<string>()).ShouldBe(["triggered", "acknowledged", "resolved"]);
    }

    [Fact]
    public async Task UnpagedAlert_Acknowledged_NobodyTold()
    {
        await using var sink = await HttpSink.StartAsync();
        await using var app = await NotificationScenario.StartAsync();
        var user = await app.UserAsync("Carol");
        await app.ContactMethodAsync(user, "webhook", sink.Url("/carol").ToString());
        var alert = await app.TriggerAsync("Nobody's alert");

        await (await app.Client.PostAsync($"/api/v1/alerts/{alert}/acknowledge", null)).StatusAsync(HttpStatusCode.OK);
        await app.RunDeliveryAsync();

        sink.Requests.ShouldBeEmpty();
        (await app.NotificationsAsync(alert)).ShouldBeEmpty();
    }
}
