using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Tocsin.Core.Alerts;
using Tocsin.Core.Notifications;
using Tocsin.Server.Notifications;
using Tocsin.Server.Tests.Infrastructure;
using Tocsin.Server.Tests.OnCall;

namespace Tocsin.Server.Tests.Notifications;

/// <summary>Escalation → outbox → delivery worker → real receivers on 127.0.0.1, with the clock driven by the test.</summary>
public sealed class DeliveryFlowTests
{
    [Fact]
    public async Task Escalation_WebhookContactMethod_ReceiverGetsSignedRequest()
    {
        await using var sink = await HttpSink.StartAsync();
        await using var app = await NotificationScenario.StartAsync();
        var (user, key) = await app.PagedUserAsync();
        await app.ContactMethodAsync(user, "webhook", sink.Url("/hook").ToString());

        var alert = await app.PageAsync(key, "Checkout down");

        var request = sink.Requests.ShouldHaveSingleItem();
        request.Path.ShouldBe("/hook");
        WebhookSignature.Verify(request.Header(WebhookSignature.HeaderName)!, NotificationScenario.Secret, request.Body, app.Clock.GetUtcNow(), TimeSpan.FromMinutes(5))
            .ShouldBeTrue();
        request.Header("Idempotency-Key").ShouldNotBeNullOrEmpty();
        var body = JsonNode.Parse(request.BodyText)!;
        body.ToJsonString().ShouldContain("Checkout down");
        var n = (await app.NotificationsAsync(alert)).ShouldHaveSingleItem()!;
        n["status"]!.GetValue<string>().ShouldBe("SENT");
        n["channel"]!.GetValue<string>().ShouldBe("webhook");
        n.Statuses().ShouldBe(["SENT"]);
    }

    /// <summary>Settings are cached across passes; a change to a contact method, a rule or a template reaches the very next page.</summary>
    [Fact]
    public async Task SettingsChangedBetweenPages_NextPageUsesTheNewSettings()
    {
        await using var sink = await HttpSink.StartAsync();
        await using var app = await NotificationScenario.StartAsync();
        var (user, key) = await app.PagedUserAsync();
        var method = await app.ContactMethodAsync(user, "webhook", sink.Url("/old").ToString());
        await app.PageAsync(key, "first", "k1");
        sink.Requests.ShouldHaveSingleItem().Path.ShouldBe("/old");

        await (await app.Client.PutAsJsonAsync($"/api/v1/users/{user}/contact-methods/{method}", new { kind = "webhook", target = sink.Url("/new").ToString() }))
            .StatusAsync(HttpStatusCode.OK);
        await app.Client.PostOkAsync("/api/v1/templates", new { channel = "webhook", @event = "triggered", subject = "{{headline}}", json = """{"custom": "{{alert.title}}"}""" });
        await app.PageAsync(key, "second", "k2");
        var second = sink.Requests.Last();
        second.Path.ShouldBe("/new");
        JsonNode.Parse(second.BodyText)!["custom"]!.GetValue<string>().ShouldBe("second");

        var rule = (await app.Client.GetFromJsonAsync<JsonNode>($"/api/v1/users/{user}/notification-rules"))!["items"]![0]!["id"]!.GetValue<long>();
        await (await app.Client.DeleteAsync($"/api/v1/users/{user}/notification-rules/{rule}")).StatusAsync(HttpStatusCode.NoContent);
        await app.PageAsync(key, "third", "k3");
        sink.Requests.Count.ShouldBe(2, "the user has no notification rule left");
    }

    /// <summary>
    /// One pass expands, sends and records a dozen pages with one command per statement, re-bound per row. On PostgreSQL
    /// such a command is auto-prepared after five runs; re-binding it with new parameter objects made it repeat the fifth
    /// row (the same delivery inserted, expanded and recorded again, the others never).
    /// </summary>
    [Fact]
    public async Task Deliver_DozenAlertsInOnePass_EachSentAndRecordedOnce()
    {
        await using var sink = await HttpSink.StartAsync();
        await using var app = await NotificationScenario.StartAsync();
        var (user, key) = await app.PagedUserAsync();
        await app.ContactMethodAsync(user, "webhook", sink.Url("/hook").ToString());
        var alerts = new List<long>();
        for (var i = 0; i < 12; i++) alerts.Add(await app.TriggerFromAsync(key, $"Disk {i} full", $"disk-{i}"));

        await app.RunEscalationAsync();
        await app.RunDeliveryAsync();

        sink.Requests.Select(r => r.Header("Idempotency-Key")).Distinct().Count().ShouldBe(12);
        sink.Requests.Count.ShouldBe(12);
        foreach (var alert in alerts)
            (await app.NotificationsAsync(alert)).ShouldHaveSingleItem()!.Statuses().ShouldBe(["SENT"], $"alert {alert}");
    }

    [Fact]
    public async Task Deliver_ReceiverFailsThenRecovers_SentOnceWithEveryAttemptRecorded()
    {
        await using var sink = await HttpSink.StartAsync();
        var calls = 0;
        sink.Respond = _ => Interlocked.Increment(ref calls) <= 2 ? new SinkResponse(500, "boom") : SinkResponse.Ok;
        await using var app = await NotificationScenario.StartAsync();
        var (user, key) = await app.PagedUserAsync();
        await app.ContactMethodAsync(user, "webhook", sink.Url("/hook").ToString());

        var alert = await app.PageAsync(key);
        for (var i = 0; i < 5; i++) await app.AdvanceAndDeliverAsync(TimeSpan.FromMinutes(20));

        sink.Requests.Count.ShouldBe(3);
        sink.Requests.Select(r => r.Header("Idempotency-Key")).Distinct().Count().ShouldBe(1);
        sink.Requests.Select(r => r.Header(WebhookSender.AttemptHeader)).ShouldBe(["1", "2", "3"]);
        var n = (await app.NotificationsAsync(alert)).ShouldHaveSingleItem()!;
        n["status"]!.GetValue<string>().ShouldBe("SENT");
        n.Statuses().ShouldBe(["RETRY", "RETRY", "SENT"]);
        n["history"]![0]!["error"]!.GetValue<string>().ShouldContain("HTTP 500");
    }

    [Fact]
    public async Task Deliver_ReceiverHangs_TimesOutThenRetries()
    {
        await using var sink = await HttpSink.StartAsync();
        var calls = 0;
        sink.Respond = _ => Interlocked.Increment(ref calls) == 1 ? SinkResponse.HangForever : SinkResponse.Ok;
        // The sender timeout is wall time (the fake clock moving does not end a request), so a short one keeps this quick.
        await using var app = await TocsinApp.StartAsync(services: s =>
        {
            NotificationScenario.Options()(s);
            s.AddSingleton(new WebhookOptions { SigningSecret = NotificationScenario.Secret, Timeout = TimeSpan.FromSeconds(1) });
        });
        var (user, key) = await app.PagedUserAsync();
        await app.ContactMethodAsync(user, "webhook", sink.Url("/slow").ToString());
        var alert = await app.TriggerFromAsync(key);
        await app.RunEscalationAsync();

        await app.RunDeliveryAsync();
        await app.AdvanceAndDeliverAsync(TimeSpan.FromMinutes(10));

        var n = (await app.NotificationsAsync(alert)).ShouldHaveSingleItem()!;
        n.Statuses().ShouldBe(["RETRY", "SENT"]);
        n["history"]![0]!["error"]!.GetValue<string>().ShouldContain("timed out");
    }

    [Fact]
    public async Task Deliver_ClockMovesWhileReceiverAnswers_SentOnce()
    {
        // The race behind the flaky duplicate page: a pass is mid-send when the server's clock moves by minutes (a test
        // stepping time while the worker delivers). The move is business time; it must neither time the request out nor
        // let the answered delivery be sent again.
        await using var sink = await HttpSink.StartAsync();
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        sink.Respond = _ => SinkResponse.Ok with { Until = answer.Task };
        await using var app = await NotificationScenario.StartAsync();
        var (user, key) = await app.PagedUserAsync();
        await app.ContactMethodAsync(user, "webhook", sink.Url("/hook").ToString());
        var alert = await app.TriggerFromAsync(key);
        await app.RunEscalationAsync();

        var pass = app.RunDeliveryAsync();
        await sink.WaitForRequestsAsync(1);
        app.Clock.Advance(TimeSpan.FromMinutes(6)); // past the 5 s sender timeout and the 5 min delivery lease
        answer.SetResult();
        await pass;
        await app.AdvanceAndDeliverAsync(TimeSpan.FromMinutes(30)); // past any retry backoff

        sink.Requests.Count.ShouldBe(1, $"received:\n{sink.Describe()}\nattempts: {await app.NotificationsAsync(alert)}");
        (await app.NotificationsAsync(alert)).ShouldHaveSingleItem()!.Statuses().ShouldBe(["SENT"]);
    }

    [Fact]
    public async Task Deliver_Receiver404_FailedWithoutRetry()
    {
        await using var sink = await HttpSink.StartAsync();
        sink.Respond = _ => new SinkResponse(404, "no such hook");
        await using var app = await NotificationScenario.StartAsync();
        var (user, key) = await app.PagedUserAsync();
        await app.ContactMethodAsync(user, "webhook", sink.Url("/gone").ToString());

        var alert = await app.PageAsync(key);
        await app.AdvanceAndDeliverAsync(TimeSpan.FromHours(1));

        sink.Requests.Count.ShouldBe(1);
        var n = (await app.NotificationsAsync(alert)).ShouldHaveSingleItem()!;
        n["status"]!.GetValue<string>().ShouldBe("FAILED");
        n["lastError"]!.GetValue<string>().ShouldContain("404");
    }

    [Fact]
    public async Task Deliver_SmtpDownThenUp_MailArrives()
    {
        var port = SmtpServer.FreePort();
        var smtp = new SmtpOptions { Host = "127.0.0.1", Port = port, UseStartTls = false, From = "tocsin@example.com", Timeout = TimeSpan.FromSeconds(10) };
        await using var app = await NotificationScenario.StartAsync(smtp: smtp);
        var (user, key) = await app.PagedUserAsync();
        await app.ContactMethodAsync(user, "email", "alice@example.com");

        var alert = await app.PageAsync(key);
        (await app.NotificationsAsync(alert)).ShouldHaveSingleItem()!["status"]!.GetValue<string>().ShouldBe("RETRY");

        await using var server = await SmtpServer.StartAsync(port);
        await app.AdvanceAndDeliverAsync(TimeSpan.FromMinutes(20));

        var n = (await app.NotificationsAsync(alert)).ShouldHaveSingleItem()!;
        n.Statuses().ShouldBe(["RETRY", "SENT"]);
        var mail = await SmtpServer.DecodeAsync(server.MessageFiles().ShouldHaveSingleItem());
        mail.GetProperty("headers").GetProperty("To").GetString().ShouldBe("alice@example.com");
    }

    [Fact]
    public async Task Storm_ManyAlertsForOneUser_ExcessBecomesOneDigest()
    {
        await using var sink = await HttpSink.StartAsync();
        await using var app = await NotificationScenario.StartAsync(stormMax: 3);
        var (user, key) = await app.PagedUserAsync();
        await app.ContactMethodAsync(user, "webhook", sink.Url("/hook").ToString());

        for (var i = 0; i < 10; i++) await app.TriggerFromAsync(key, $"disk {i} full", dedupKey: $"disk-{i}");
        await app.RunEscalationAsync();
        await app.RunDeliveryAsync();
        sink.Requests.Count.ShouldBe(3);

        await app.AdvanceAndDeliverAsync(TimeSpan.FromMinutes(1));
        await app.RunDeliveryAsync(); // the digest written by the pass above goes out on the next

        sink.Requests.Count.ShouldBe(4);
        sink.Requests[^1].BodyText.ShouldContain("7 more alerts");
    }

    [Fact]
    public async Task DelayedRule_AlertAcknowledgedBeforeDue_IsSkipped()
    {
        await using var sink = await HttpSink.StartAsync();
        await using var app = await NotificationScenario.StartAsync();
        var (user, key) = await app.PagedUserAsync();
        await app.ContactMethodAsync(user, "webhook", sink.Url("/now").ToString(), delayMinutes: 0);
        await app.ContactMethodAsync(user, "webhook", sink.Url("/later").ToString(), delayMinutes: 5);

        var alert = await app.PageAsync(key);
        await (await app.Client.PostAsync($"/api/v1/alerts/{alert}/acknowledge", null)).StatusAsync(HttpStatusCode.OK);
        await app.AdvanceAndDeliverAsync(TimeSpan.FromMinutes(6));

        // The page went to /now only; the acknowledgement is news for each of the user's contact methods (#4).
        sink.Requests.Where(r => !r.BodyText.Contains("\"acknowledged\"", StringComparison.Ordinal) || r.Path == "/now")
            .Select(r => r.Path).ShouldBe(["/now", "/now"], $"received:\n{sink.Describe()}\nattempts: {await app.NotificationsAsync(alert)}");
        (await app.NotificationsAsync(alert)).Select(n => $"{n!["event"]}:{n["status"]}").ShouldBe(["triggered:SENT", "triggered:SKIPPED", "acknowledged:SENT", "acknowledged:SENT"]);
    }

    [Fact]
    public async Task DelayedRule_AlertStillOpenWhenDue_IsSent()
    {
        await using var sink = await HttpSink.StartAsync();
        await using var app = await NotificationScenario.StartAsync();
        var (user, key) = await app.PagedUserAsync();
        await app.ContactMethodAsync(user, "webhook", sink.Url("/later").ToString(), delayMinutes: 5);

        await app.PageAsync(key);
        sink.Requests.ShouldBeEmpty();
        await app.AdvanceAndDeliverAsync(TimeSpan.FromMinutes(5));
        sink.Requests.ShouldHaveSingleItem().Path.ShouldBe("/later");
    }

    [Fact]
    public async Task EnqueueToChannel_InAlertWrite_DeliversToEveryChannelTarget()
    {
        await using var sink = await HttpSink.StartAsync();
        await using var app = await NotificationScenario.StartAsync();
        var channel = (await app.Client.PostOkAsync("/api/v1/channels",
            new { name = "ops hooks", kind = "webhook", targets = new[] { sink.Url("/a").ToString(), sink.Url("/b").ToString() } }))["id"]!.GetValue<long>();
        var alertId = await app.TriggerAsync("Rule fired");
        var tenant = await app.DefaultTenantAsync();

        await app.Services.GetRequiredService<AlertWriter>().ExecuteAsync(async w =>
        {
            var alert = (await w.Session.GetAsync(tenant, alertId, default))!;
            await NotificationEnqueue.ToChannelAsync(w, alert, channel, NotificationEvents.Triggered, "rule-1", default);
            return true;
        }, default);
        await app.RunDeliveryAsync();

        sink.Requests.Select(r => r.Path).Order().ShouldBe(["/a", "/b"]);
        (await app.NotificationsAsync(alertId)).Select(n => n!["channelId"]!.GetValue<long>()).ShouldBe([channel, channel]);
    }

    [Fact]
    public async Task Restart_ThousandNotificationsPendingSomeMidSend_AllDeliveredNoneLost()
    {
        await using var sink = await HttpSink.StartAsync();
        // The first process never delivers: its worker is off, as if killed before it got to the rows.
        var (app, tenant, channel) = await NotificationScenario.QueuedChannelNotificationsAsync(sink, 1_000);
        await using var _ = app;
        // Expand the first 500 and lease 100 of them, as a process killed mid-send leaves them.
        await app.ExpandChannelNotificationsAsync(tenant, channel, 500);
        var now = app.Clock.GetUtcNow();
        (await app.Services.GetRequiredService<IDeliveryStore>().ClaimAsync(now, now + TimeSpan.FromHours(1), 100, default)).Count.ShouldBe(100);

        await app.RestartAsync(NotificationScenario.Options());
        await app.RunDeliveryAsync();

        sink.Requests.Select(r => r.Header("Idempotency-Key")).Distinct().Count().ShouldBe(1_000);
        (await app.Services.GetRequiredService<IDeliveryStore>().CountsAsync(default)).ShouldBe((0, 1_000, 0));
    }
}
