using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Tocsin.Server.Dialects.Twilio;
using Tocsin.Server.Tests.Infrastructure;
using Tocsin.Server.Tests.Notifications;
using Tocsin.Server.Tests.Rules;
using static Tocsin.Server.Tests.Dialects.Twilio.TwilioClient;

namespace Tocsin.Server.Tests.Dialects.Twilio;

/// <summary>Notification configurations (the seed's create step 4) and rules firing through the core evaluator into them.</summary>
public sealed class TwilioNotificationTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(10);

    private static object Config(params string[] endpoints) => new
    {
        destinations = new
        {
            in_app = new { recipients = new { user_sids = new[] { "US" + new string('a', 32) } } },
            webhook = new { endpoints },
            email = new { email_recipients = new[] { "oncall@example.com" } },
            subscriptions = new { defaults = new { archive = true, enabled = true } },
        },
    };

    [Fact]
    public async Task Flow_Create_Fetch_Edit_List_Delete()
    {
        await using var app = await TocsinApp.StartAsync();
        var flex = await ForAsync(app);
        var created = (await (await flex.PostJsonAsync(flex.Configs, Config("https://hooks.example.com/a"))).StatusAsync(HttpStatusCode.Created))!;
        var ttid = created["ttid"]!.GetValue<string>();
        ttid.ShouldStartWith("flex_notificationconfiguration_");
        ttid.Length.ShouldBe(57);
        created["account_sid"]!.GetValue<string>().ShouldBe(flex.AccountSid);
        created["destinations"]!["in_app"]!["recipients"]!["user_sids"]![0]!.GetValue<string>().ShouldBe("US" + new string('a', 32));
        created["destinations"]!["email"]!["email_recipients"]![0]!.GetValue<string>().ShouldBe("oncall@example.com");

        var path = $"{flex.Configs}/{ttid}";
        (await flex.GetAsync(path)).ToJsonString().ShouldBe(created.ToJsonString());
        var edited = (await (await flex.PostJsonAsync(path, Config("https://hooks.example.com/b"))).StatusAsync(HttpStatusCode.OK))!;
        edited["destinations"]!["webhook"]!["endpoints"]![0]!.GetValue<string>().ShouldBe("https://hooks.example.com/b");

        var list = await flex.GetAsync(flex.Configs);
        list["meta"]!["key"]!.GetValue<string>().ShouldBe("notification_configurations");
        list["notification_configurations"]!.AsArray().Count.ShouldBe(1);

        (await flex.Http.DeleteAsync(path)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await flex.Http.GetAsync(path)).TwilioErrorAsync(HttpStatusCode.NotFound, 20404);
    }

    [Fact]
    public async Task Delete_ConfigUsedByRule_IsRefusedUntilTheRuleIsGone()
    {
        await using var app = await TocsinApp.StartAsync();
        var flex = await ForAsync(app);
        var ttid = (await (await flex.PostJsonAsync(flex.Configs, Config("https://hooks.example.com/a"))).StatusAsync(HttpStatusCode.Created))!["ttid"]!.GetValue<string>();
        var sid = (await flex.CreateRuleAsync(Rule("uses it", configTtid: ttid)))["sid"]!.GetValue<string>();

        await (await flex.Http.DeleteAsync($"{flex.Configs}/{ttid}")).TwilioErrorAsync(HttpStatusCode.BadRequest, 20001, sid);
        (await flex.Http.DeleteAsync($"{flex.Rules}/{sid}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await flex.Http.DeleteAsync($"{flex.Configs}/{ttid}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Theory]
    [InlineData("""{}""", "destinations")]
    [InlineData("""{"destinations":{}}""", "destinations")]
    [InlineData("""{"destinations":{"webhook":{"endpoints":[]}}}""", "destinations.webhook.endpoints")]
    [InlineData("""{"destinations":{"webhook":{"endpoints":["ftp://x"]}}}""", "destinations.webhook.endpoints[0]")]
    [InlineData("""{"destinations":{"email":{"email_recipients":["nope"]}}}""", "destinations.email.email_recipients[0]")]
    [InlineData("""{"destinations":{"in_app":{"recipients":{"user_sids":["XX1"]}}}}""", "destinations.in_app.recipients.user_sids[0]")]
    [InlineData("""{"destinations":{"webhook":{"endpoints":"https://x"}}}""", "destinations.webhook.endpoints")]
    public async Task Create_BadBody_Returns400NamingTheParameter(string json, string parameter)
    {
        await using var app = await TocsinApp.StartAsync();
        var flex = await ForAsync(app);
        await (await flex.PostJsonAsync(flex.Configs, json)).TwilioErrorAsync(HttpStatusCode.BadRequest, 20001, parameter);
    }

    [Fact]
    public async Task ConfigEndpoints_BadOrUnknownTtid_Return400Or404()
    {
        await using var app = await TocsinApp.StartAsync();
        var flex = await ForAsync(app);
        await (await flex.Http.GetAsync($"{flex.Configs}/nope")).TwilioErrorAsync(HttpStatusCode.BadRequest, 20001, "Ttid");
        await (await flex.Http.GetAsync($"{flex.Configs}/flex_notificationconfiguration_01jt2gntpafkt9671avqj50sq8")).TwilioErrorAsync(HttpStatusCode.NotFound, 20404);
        await (await flex.Http.DeleteAsync($"{flex.Configs}/flex_notificationconfiguration_01jt2gntpafkt9671avqj50sq8")).TwilioErrorAsync(HttpStatusCode.NotFound, 20404);
        await (await flex.PostJsonAsync($"{flex.Configs}/flex_notificationconfiguration_01jt2gntpafkt9671avqj50sq8", Config("https://x.example"))).TwilioErrorAsync(HttpStatusCode.NotFound, 20404);
    }

    [Fact]
    public async Task Create_AccountHeaderOfAnotherAccount_Returns401()
    {
        await using var app = await TocsinApp.StartAsync();
        var flex = await ForAsync(app);
        var request = new HttpRequestMessage(HttpMethod.Post, flex.Configs) { Content = new StringContent("""{"destinations":{"webhook":{"endpoints":["https://x.example"]}}}""", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("I-Twilio-Auth-Account", "AC" + new string('0', 32));
        await (await flex.Http.SendAsync(request)).TwilioErrorAsync(HttpStatusCode.Unauthorized, 20003);
    }

    /// <summary>Samples push Waiting (Now) over the Critical threshold for one queue; the webhook hears once after notify_duration.</summary>
    [Theory]
    [InlineData(5, 1)] // held 40 s > 30 s: fires, one notification
    [InlineData(3, 0)] // held 20 s < 30 s, then drops: never fires
    public async Task EndToEnd_ThresholdHeldVersusNotifyDuration_WebhookNotifiedOnceOrNever(int stepsAbove, int expectedNotifications)
    {
        await using var sink = await HttpSink.StartAsync();
        await using var app = await TocsinApp.StartAsync();
        var flex = await ForAsync(app);
        var ttid = (await (await flex.PostJsonAsync(flex.Configs, Config(sink.Url("/flex").ToString()))).StatusAsync(HttpStatusCode.Created))!["ttid"]!.GetValue<string>();
        var rule = await flex.CreateRuleAsync(Rule("Queue 1 backlog", queues: [Queue(1), Queue(2)], value: 10, duration: 30_000, configTtid: ttid));
        var sid = rule["sid"]!.GetValue<string>();
        var id = Convert.ToInt64(sid[2..], 16);
        var channel = "TC00000000000000000000000000000001";
        var notifier = app.Services.GetRequiredService<TwilioNotifier>();

        var t = app.Clock.GetUtcNow();
        for (var i = 0; i < stepsAbove + 2; i++)
        {
            var waiting = i < stepsAbove ? 25 : 2;
            await app.PushAsync("flex.waiting_now", waiting, t, new { task_queue_sid = Queue(1), task_channel_sid = channel });
            await app.PushAsync("flex.waiting_now", 1, t, new { task_queue_sid = Queue(2), task_channel_sid = channel });
            // Another channel's backlog on the same queue is outside the rule's filter.
            await app.PushAsync("flex.waiting_now", 99, t, new { task_queue_sid = Queue(2), task_channel_sid = "TC" + new string('9', 32) });
            await app.EvaluateAsync();
            await notifier.RunOnceAsync(CancellationToken.None);
            await app.RunDeliveryAsync();
            t += Step;
            app.Clock.Advance(Step);
        }

        var alerts = await app.AlertsAsync($"rule:{id}:task_queue_sid={Queue(1)}");
        alerts.Count.ShouldBe(expectedNotifications);
        (await app.AlertsAsync($"rule:{id}:task_queue_sid={Queue(2)}")).Count.ShouldBe(0);
        var posts = sink.Requests.Where(r => r.Path == "/flex").ToList();
        posts.Count.ShouldBe(expectedNotifications);
        if (expectedNotifications == 0) return;
        alerts[0]!["priority"]!.GetValue<string>().ShouldBe("critical");
        var payload = JsonNode.Parse(posts[0].BodyText)!;
        payload["rule_sid"]!.GetValue<string>().ShouldBe(sid);
        payload["task_queue_sid"]!.GetValue<string>().ShouldBe(Queue(1));
        payload["threshold_type"]!.GetValue<string>().ShouldBe("Critical");
        payload["metric_id"]!.GetValue<string>().ShouldBe("Waiting (Now)");
        payload["notify_methods_id"]!.GetValue<string>().ShouldBe(ttid);
    }

    [Fact]
    public async Task EndToEnd_InactiveRuleOrNotifyDisabled_NeverNotifies()
    {
        await using var sink = await HttpSink.StartAsync();
        await using var app = await TocsinApp.StartAsync();
        var flex = await ForAsync(app);
        var ttid = (await (await flex.PostJsonAsync(flex.Configs, Config(sink.Url("/flex").ToString()))).StatusAsync(HttpStatusCode.Created))!["ttid"]!.GetValue<string>();
        var inactive = await flex.CreateRuleAsync(Rule("inactive", active: false, configTtid: ttid));
        var silent = await flex.CreateRuleAsync(Rule("silent", notify: false, configTtid: ttid));
        var notifier = app.Services.GetRequiredService<TwilioNotifier>();

        var t = app.Clock.GetUtcNow();
        for (var i = 0; i < 3; i++)
        {
            await app.PushAsync("flex.waiting_now", 50, t, new { task_queue_sid = Queue(1), task_channel_sid = "TC00000000000000000000000000000001" });
            await app.EvaluateAsync();
            await notifier.RunOnceAsync(CancellationToken.None);
            await app.RunDeliveryAsync();
            t += Step;
            app.Clock.Advance(Step);
        }
        sink.Requests.Count.ShouldBe(0);
        var inactiveId = Convert.ToInt64(inactive["sid"]!.GetValue<string>()[2..], 16);
        var silentId = Convert.ToInt64(silent["sid"]!.GetValue<string>()[2..], 16);
        (await app.AlertsAsync($"rule:{inactiveId}:task_queue_sid={Queue(1)}")).Count.ShouldBe(0);
        (await app.AlertsAsync($"rule:{silentId}:task_queue_sid={Queue(1)}")).Count.ShouldBe(1); // the Tocsin alert exists; only the Flex notification is off
    }

    /// <summary>
    /// #9 on the durable outbox: webhook (answering 503 at first), email (real aiosmtpd) and in-app (a user SID naming a Tocsin
    /// user) all arrive once per episode; the webhook's failed attempt is retried with its history recorded.
    /// </summary>
    [Fact]
    public async Task EndToEnd_WebhookEmailInApp_DeliveredThroughOutboxWithRetry()
    {
        await using var sink = await HttpSink.StartAsync();
        var calls = 0;
        sink.Respond = _ => Interlocked.Increment(ref calls) == 1 ? new SinkResponse(503, "busy") : SinkResponse.Ok;
        await using var smtpServer = await SmtpServer.StartAsync();
        var smtp = new Tocsin.Server.Notifications.SmtpOptions { Host = "127.0.0.1", Port = smtpServer.Port, UseStartTls = false, From = "tocsin@example.com", Timeout = TimeSpan.FromSeconds(10) };
        await using var app = await NotificationScenario.StartAsync(smtp: smtp);
        var flex = await ForAsync(app);
        var user = await Tocsin.Server.Tests.OnCall.OnCallScenario.UserAsync(app, "Supervisor");
        var config = new
        {
            destinations = new
            {
                in_app = new { recipients = new { user_sids = new[] { "US" + user.ToString("x32") } } },
                webhook = new { endpoints = new[] { sink.Url("/flex").ToString() } },
                email = new { email_recipients = new[] { "supervisors@example.com" } },
            },
        };
        var ttid = (await (await flex.PostJsonAsync(flex.Configs, config)).StatusAsync(HttpStatusCode.Created))!["ttid"]!.GetValue<string>();
        var rule = await flex.CreateRuleAsync(Rule("Queue 1 backlog", value: 10, configTtid: ttid));
        var id = Convert.ToInt64(rule["sid"]!.GetValue<string>()[2..], 16);
        var notifier = app.Services.GetRequiredService<TwilioNotifier>();

        var t = app.Clock.GetUtcNow();
        for (var i = 0; i < 3; i++)
        {
            await app.PushAsync("flex.waiting_now", 25, t, new { task_queue_sid = Queue(1), task_channel_sid = "TC00000000000000000000000000000001" });
            await app.EvaluateAsync();
            await notifier.RunOnceAsync(CancellationToken.None); // the background worker may take a pass too; either records the episode once
            await app.RunDeliveryAsync();
            t += Step;
            app.Clock.Advance(Step);
        }
        await app.AdvanceAndDeliverAsync(TimeSpan.FromMinutes(5)); // past the webhook's retry backoff

        var posts = sink.Requests.Where(r => r.Path == "/flex").ToList();
        posts.Count.ShouldBeGreaterThanOrEqualTo(2); // 503 first, then accepted (more only if an attempt timed out under load)
        posts.Select(r => r.Header("Idempotency-Key")).Distinct().Count().ShouldBe(1);
        JsonNode.Parse(posts[1].BodyText)!["notify_methods_id"]!.GetValue<string>().ShouldBe(ttid);
        var mail = await SmtpServer.DecodeAsync(smtpServer.MessageFiles().ShouldHaveSingleItem());
        mail.GetProperty("headers").GetProperty("To").GetString().ShouldBe("supervisors@example.com");
        var tenant = await Tocsin.Server.Tests.OnCall.OnCallScenario.DefaultTenantAsync(app);
        var inbox = await app.Services.GetRequiredService<Tocsin.Core.Notifications.IInboxStore>().ListAsync(tenant, user, null, 10, false, default);
        var alert = (await app.AlertsAsync($"rule:{id}:task_queue_sid={Queue(1)}")).ShouldHaveSingleItem()!["id"]!.GetValue<long>();
        var notifications = await app.NotificationsAsync(alert);
        notifications.Select(n => n!["channel"]!.GetValue<string>()).Order().ShouldBe(["email", "inapp", "webhook"]);
        var webhook = notifications.Single(n => n!["channel"]!.GetValue<string>() == "webhook")!.Statuses();
        webhook[0].ShouldBe("RETRY");
        webhook[^1].ShouldBe("SENT");
        notifications.ShouldAllBe(n => n!["status"]!.GetValue<string>() == "SENT");
        notifications.Single(n => n!["channel"]!.GetValue<string>() == "inapp")!["target"]!.GetValue<string>().ShouldBe(user.ToString());
        inbox.ShouldHaveSingleItem().Title.ShouldContain("Queue 1 backlog");
    }
}
