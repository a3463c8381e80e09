using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Tocsin.Core.Notifications;
using Tocsin.Server.Notifications;
using Tocsin.Server.Tests.Infrastructure;
using Tocsin.Server.Tests.Notifications;
using Tocsin.Server.Tests.OnCall;
using Tocsin.Server.Tests.Rules;
using static Tocsin.Server.Tests.Dialects.Genesys.GenesysTestApi;

namespace Tocsin.Server.Tests.Dialects.Genesys;

/// <summary>
/// #6: a Genesys rule's <c>alertTypes</c> decide how its notification users are reached when it fires: EMAIL through their
/// email contact methods (real aiosmtpd), SMS through their SMS ones (a Twilio-style receiver on 127.0.0.1), DEVICE through
/// the in-app inbox. A contact method of a kind the rule did not ask for is not used.
/// </summary>
public sealed class GenesysNotificationTests
{
    private static async Task<long> FireAsync(TocsinApp app, object rule)
    {
        await app.Client.CreateGenesysRuleAsync(rule);
        await app.PushAsync("tAbandon", 45000, app.Clock.GetUtcNow(), new { queueId = QueueId, mediaType = "voice" });
        await app.EvaluateAsync();
        var alerts = (await app.Client.GetFromJsonAsync<System.Text.Json.Nodes.JsonNode>("/api/v1/alerts?source=rules"))!["items"]!.AsArray();
        var alert = alerts.ShouldHaveSingleItem()!["id"]!.GetValue<long>();
        await app.RunDeliveryAsync();
        return alert;
    }

    [Fact]
    public async Task RuleFires_EmailAndDevice_MailArrivesAndInboxItem_WebhookMethodUnused()
    {
        await using var smtpServer = await SmtpServer.StartAsync();
        await using var sink = await HttpSink.StartAsync();
        var smtp = new SmtpOptions { Host = "127.0.0.1", Port = smtpServer.Port, UseStartTls = false, From = "tocsin@example.com", Timeout = TimeSpan.FromSeconds(10) };
        await using var app = await NotificationScenario.StartAsync(smtp: smtp);
        var (user, guid) = await app.CreateUserAsync("Ada Agent", "ada@example.com");
        await app.ContactMethodAsync(user, "email", "ada@example.com");
        await app.ContactMethodAsync(user, "webhook", sink.Url("/ada").ToString());

        var alert = await FireAsync(app, RuleBody(guid)); // alertTypes EMAIL, DEVICE

        var mail = await SmtpServer.DecodeAsync(smtpServer.MessageFiles().ShouldHaveSingleItem());
        mail.GetProperty("headers").GetProperty("To").GetString().ShouldBe("ada@example.com");
        mail.GetProperty("headers").GetProperty("Subject").GetString().ShouldNotBeNull().ShouldContain("Queue A abandon");
        sink.Requests.ShouldBeEmpty();
        var tenant = await app.DefaultTenantAsync();
        (await app.Services.GetRequiredService<IInboxStore>().ListAsync(tenant, user, null, 10, false, default)).ShouldHaveSingleItem()
            .Title.ShouldContain("Queue A abandon");
        (await app.NotificationsAsync(alert)).Select(n => $"{n!["channel"]}:{n["status"]}").Order().ShouldBe(["email:SENT", "inapp:SENT"]);
    }

    [Fact]
    public async Task RuleFires_SmsOnly_ProviderGetsMessage_NoMailNoInbox()
    {
        await using var smtpServer = await SmtpServer.StartAsync();
        await using var provider = await HttpSink.StartAsync();
        provider.Respond = _ => new SinkResponse(201, """{"sid":"SM00000000000000000000000000000009"}""");
        var smtp = new SmtpOptions { Host = "127.0.0.1", Port = smtpServer.Port, UseStartTls = false, From = "tocsin@example.com", Timeout = TimeSpan.FromSeconds(10) };
        await using var app = await TocsinApp.StartAsync(services: s =>
        {
            NotificationScenario.Options(smtp: smtp)(s);
            s.AddSingleton(new SmsOptions { BaseUrl = provider.BaseUrl.ToString(), AccountSid = "AC1", AuthToken = "t", From = "+15005550006" });
        });
        var (user, guid) = await app.CreateUserAsync("Sam Supervisor", "sam@example.com");
        await app.ContactMethodAsync(user, "email", "sam@example.com");
        await app.ContactMethodAsync(user, "sms", "+4915123456789");
        var body = new
        {
            name = "SMS only", dimension = "queueId", dimensionValue = QueueId, metric = "tAbandon", mediaType = "voice", numericRange = "gt",
            statistic = "max", value = 30000, enabled = true, notificationUsers = new[] { new { id = guid } }, alertTypes = new[] { "SMS" },
        };

        var alert = await FireAsync(app, body);

        System.Web.HttpUtility.ParseQueryString(provider.Requests.ShouldHaveSingleItem().BodyText)["To"].ShouldBe("+4915123456789");
        smtpServer.MessageFiles().ShouldBeEmpty();
        var tenant = await app.DefaultTenantAsync();
        (await app.Services.GetRequiredService<IInboxStore>().ListAsync(tenant, user, null, 10, false, default)).ShouldBeEmpty();
        (await app.NotificationsAsync(alert)).ShouldHaveSingleItem()!["channel"]!.GetValue<string>().ShouldBe("sms");
    }

    [Fact]
    public void Planner_KindsFilter_UsesOnlyAskedKinds_DeviceAlwaysReachesInbox()
    {
        var methods = new[] { new ContactMethod(1, 7, ChannelKind.Email, "a@b.c", null, true), new ContactMethod(2, 7, ChannelKind.Webhook, "http://x/", null, true) };
        var rules = new[] { new NotificationRule(1, 7, 1, TimeSpan.Zero), new NotificationRule(2, 7, 2, TimeSpan.Zero) };
        var now = DateTimeOffset.UnixEpoch;
        DeliveryPlanner.ForUser(7, "triggered", rules, methods, now, [ChannelKind.Email, ChannelKind.InApp]).Select(p => p.Kind)
            .ShouldBe([ChannelKind.Email, ChannelKind.InApp]);
        DeliveryPlanner.ForUser(7, "triggered", rules, methods, now, []).ShouldBeEmpty();
        DeliveryPlanner.ForUser(7, "triggered", rules, methods, now).Select(p => p.Kind).ShouldBe([ChannelKind.Email, ChannelKind.Webhook]);
    }
}
