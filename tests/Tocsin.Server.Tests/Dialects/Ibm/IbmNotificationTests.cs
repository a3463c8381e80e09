using System.Text.Json.Nodes;
using Tocsin.Server.Tests.Infrastructure;
using Tocsin.Server.Tests.Notifications;
using Tocsin.Server.Tests.OnCall;
using Tocsin.Server.Tests.Rules;

namespace Tocsin.Server.Tests.Dialects.Ibm;

/// <summary>
/// #7: an IBM alert's <c>notificationChannelIds</c> name native notification channels (the seed defines no channel API of its
/// own); when the alert fires each listed channel is notified, here a real webhook receiver on 127.0.0.1, and told of the resolution.
/// </summary>
public sealed class IbmNotificationTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task IbmAlertFires_NotificationChannel_ReceiverGetsTriggerThenResolved_UnlistedChannelNothing()
    {
        await using var sink = await HttpSink.StartAsync();
        await using var app = await NotificationScenario.StartAsync();
        var listed = (await app.Client.PostOkAsync("/api/v1/channels", new { name = "ops", kind = "webhook", targets = new[] { sink.Url("/ops").ToString() } }))["id"]!.GetValue<long>();
        await app.Client.PostOkAsync("/api/v1/channels", new { name = "other", kind = "webhook", targets = new[] { sink.Url("/other").ToString() } });
        var ibm = await app.IbmClientAsync();
        var t0 = app.Clock.GetUtcNow();
        var alert = await ibm.CreateIbmAlertAsync($$$"""
            {"alert":{"type":"MANUAL","name":"Disk full","condition":"max(timeMax(fs.used.percent)) > 90","timespan":60000000,
             "severity":2,"notificationChannelIds":[{{{listed}}}]}}
            """);
        var id = alert["id"]!.GetValue<long>();

        await app.PushAsync("fs.used.percent", 97, t0 + Step);
        await app.StepAsync(Step);
        await app.RunDeliveryAsync();
        var request = sink.Requests.ShouldHaveSingleItem();
        request.Path.ShouldBe("/ops");
        var body = JsonNode.Parse(request.BodyText)!;
        body["event"]!.GetValue<string>().ShouldBe("triggered");
        body["alert"]!["title"]!.GetValue<string>().ShouldBe("Disk full");

        // Once the 97 has left the one-minute window, only the 10 is left: the condition clears.
        await app.PushAsync("fs.used.percent", 10, t0 + 8 * Step);
        await app.StepAsync(7 * Step);
        await app.RunDeliveryAsync();
        sink.Requests.Select(r => $"{r.Path}:{JsonNode.Parse(r.BodyText)!["event"]}").ShouldBe(["/ops:triggered", "/ops:resolved"]);
        var tocsinAlert = (await app.AlertsAsync($"rule:{id}:")).ShouldHaveSingleItem()!["id"]!.GetValue<long>();
        (await app.NotificationsAsync(tocsinAlert)).ShouldAllBe(n => n!["channelId"]!.GetValue<long>() == listed && n["status"]!.GetValue<string>() == "SENT");
    }
}
