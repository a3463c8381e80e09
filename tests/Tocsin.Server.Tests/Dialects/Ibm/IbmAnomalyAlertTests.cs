using System.Net;
using System.Text.Json.Nodes;
using Tocsin.Server.Tests.Infrastructure;
using Tocsin.Server.Tests.Notifications;
using Tocsin.Server.Tests.Rules;

namespace Tocsin.Server.Tests.Dialects.Ibm;

/// <summary>#7: BASELINE, HOST_COMPARISON and EVENT alerts, from the IBM API through evaluation to the channels they name.</summary>
public sealed class IbmAnomalyAlertTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private static Dictionary<string, string> Host(string name) => new() { ["host.hostName"] = name };

    [Fact]
    public async Task Baseline_NoiseDoesNotFire_SpikeFiresForThatHostOnly()
    {
        await using var app = await TocsinApp.StartAsync();
        var ibm = await app.IbmClientAsync();
        var t0 = app.Clock.GetUtcNow();
        var id = (await ibm.CreateIbmAlertAsync("""
            {"alert":{"type":"BASELINE","name":"latency anomaly","timespan":60000000,"segmentBy":["host.hostName"],
             "monitor":[{"metric":"http.latency","stdDevFactor":3}]}}
            """))["id"]!.GetValue<long>();

        // One sample a minute, so each one-minute window holds one: ±4 around 100 is noise (σ ≈ 2.4, 3σ ≈ 7).
        double[] noise = [100, 103, 97, 101, 99, 102, 98, 100, 104, 96, 101, 99, 100, 102];
        for (var k = 0; k < noise.Length; k++)
        {
            await app.PushAsync("http.latency", noise[k], t0 + (k + 1) * Minute, Host("web-1"));
            await app.PushAsync("http.latency", noise[^(k + 1)], t0 + (k + 1) * Minute, Host("web-2"));
            await app.StepAsync(Minute);
        }
        (await app.AlertsAsync($"rule:{id}:host.hostName=web-1")).Count.ShouldBe(0);
        (await app.AlertsAsync($"rule:{id}:host.hostName=web-2")).Count.ShouldBe(0);

        var spikeAt = t0 + (noise.Length + 1) * Minute;
        await app.PushAsync("http.latency", 150, spikeAt, Host("web-1"));
        await app.PushAsync("http.latency", 101, spikeAt, Host("web-2"));
        await app.StepAsync(Minute);
        var fired = (await app.AlertsAsync($"rule:{id}:host.hostName=web-1")).ShouldHaveSingleItem()!;
        fired["status"]!.GetValue<string>().ShouldBe("triggered");
        fired["details"]!.GetValue<string>().ShouldContain("http.latency deviates more than 3σ from its baseline");
        (await app.AlertsAsync($"rule:{id}:host.hostName=web-2")).Count.ShouldBe(0);

        // Back to normal: the spike is one window of thirteen in the next baseline, and the segment resolves.
        await app.PushAsync("http.latency", 100, spikeAt + Minute, Host("web-1"));
        await app.StepAsync(Minute);
        (await app.AlertsAsync($"rule:{id}:host.hostName=web-1"))[0]!["status"]!.GetValue<string>().ShouldBe("resolved");
    }

    [Fact]
    public async Task Baseline_StillLearning_DoesNotFire()
    {
        await using var app = await TocsinApp.StartAsync();
        var ibm = await app.IbmClientAsync();
        var t0 = app.Clock.GetUtcNow();
        var id = (await ibm.CreateIbmAlertAsync("""
            {"alert":{"type":"BASELINE","name":"young","timespan":60000000,"monitor":[{"metric":"queue.depth","stdDevFactor":2}]}}
            """))["id"]!.GetValue<long>();
        // Five past windows are not a baseline yet (at least 6), however wild the sixth value.
        double[] values = [10, 11, 10, 12, 10, 500];
        for (var k = 0; k < values.Length; k++)
        {
            await app.PushAsync("queue.depth", values[k], t0 + (k + 1) * Minute);
            await app.StepAsync(Minute);
        }
        (await app.AlertsAsync($"rule:{id}:")).Count.ShouldBe(0);
        // Six windows (the 500 among them) are; 900 is far beyond 2σ of them.
        await app.PushAsync("queue.depth", 900, t0 + 7 * Minute);
        await app.StepAsync(Minute);
        (await app.AlertsAsync($"rule:{id}:")).Count.ShouldBe(1);
    }

    [Fact]
    public async Task HostComparison_OutlierHostOnly_WebhookGetsExactlyOneNotificationNamingIt_DisabledChannelNothing()
    {
        await using var sink = await HttpSink.StartAsync();
        await using var app = await NotificationScenario.StartAsync();
        var ibm = await app.IbmClientAsync();
        async Task<long> ChannelAsync(string name, string path, bool enabled) =>
            (await (await ibm.PostAsync(IbmChannelApiTests.Channels, IbmTestApi.Json($$$$"""
                {"notificationChannel":{"type":"WEBHOOK","name":"{{{{name}}}}","enabled":{{{{(enabled ? "true" : "false")}}}},"options":{"url":"{{{{sink.Url(path)}}}}"}}}
                """))).StatusAsync(HttpStatusCode.OK))!["notificationChannel"]!["id"]!.GetValue<long>();
        var hook = await ChannelAsync("ops", "/ops", true);
        var off = await ChannelAsync("muted", "/muted", false);
        var t0 = app.Clock.GetUtcNow();
        var id = (await ibm.CreateIbmAlertAsync($$$"""
            {"alert":{"type":"HOST_COMPARISON","name":"cpu outlier","timespan":60000000,"segmentBy":["host.hostName"],
             "segmentCondition":{"type":"ANY"},"monitor":[{"metric":"cpu.used.percent","stdDevFactor":2}],"notificationChannelIds":[{{{hook}}},{{{off}}}]}}
            """))["id"]!.GetValue<long>();

        // Two hosts cannot be judged, however far apart.
        await app.PushAsync("cpu.used.percent", 20, t0 + Minute, Host("web-1"));
        await app.PushAsync("cpu.used.percent", 90, t0 + Minute, Host("web-4"));
        await app.StepAsync(Minute);
        (await app.AlertsAsync($"rule:{id}:host.hostName=web-4")).Count.ShouldBe(0);

        var at = t0 + 2 * Minute;
        foreach (var (host, cpu) in new[] { ("web-1", 20.0), ("web-2", 22.0), ("web-3", 21.0), ("web-4", 90.0) })
            await app.PushAsync("cpu.used.percent", cpu, at, Host(host));
        await app.StepAsync(Minute);
        await app.RunDeliveryAsync();

        (await app.AlertsAsync($"rule:{id}:host.hostName=web-4")).ShouldHaveSingleItem();
        foreach (var calm in new[] { "web-1", "web-2", "web-3" }) (await app.AlertsAsync($"rule:{id}:host.hostName={calm}")).Count.ShouldBe(0);
        var request = sink.Requests.ShouldHaveSingleItem();
        request.Path.ShouldBe("/ops");
        var body = JsonNode.Parse(request.BodyText)!;
        body["event"]!.GetValue<string>().ShouldBe("triggered");
        body["alert"]!["title"]!.GetValue<string>().ShouldBe("cpu outlier (host.hostName=web-4)");
    }

    [Fact]
    public async Task Event_FiresWhenEnoughMatchingEventsArriveInTheWindow_IgnoresOthers_ResolvesWhenTheyAge()
    {
        await using var app = await TocsinApp.StartAsync();
        var ibm = await app.IbmClientAsync();
        var id = (await ibm.CreateIbmAlertAsync("""
            {"alert":{"type":"EVENT","name":"OOM storm","condition":"count(customEvent) >= 3","timespan":120000000,
             "criteria":{"text":"oomkilled","source":"kubernetes"}}}
            """))["id"]!.GetValue<long>();
        var step = TimeSpan.FromSeconds(10);

        await app.TriggerAsync("Pod api-1 OOMKilled", "oom-1", source: "kubernetes");
        await app.TriggerAsync("Pod api-2 OOMKilled", "oom-2", source: "Kubernetes");
        // Wrong source, wrong text: not counted, however many.
        for (var i = 0; i < 5; i++)
        {
            await app.TriggerAsync($"Pod api-{i} OOMKilled", $"docker-{i}", source: "docker");
            await app.TriggerAsync($"Pod api-{i} CrashLoopBackOff", $"crash-{i}", source: "kubernetes");
        }
        await app.StepAsync(step);
        (await app.AlertsAsync($"rule:{id}:")).Count.ShouldBe(0);

        // A repeat of an open alert is an event too.
        await app.TriggerAsync("Pod api-1 OOMKilled", "oom-1", source: "kubernetes");
        await app.StepAsync(step);
        var fired = (await app.AlertsAsync($"rule:{id}:")).ShouldHaveSingleItem()!;
        fired["status"]!.GetValue<string>().ShouldBe("triggered");
        fired["details"]!.GetValue<string>().ShouldContain("critical at value 3");

        // Two minutes on, the three events have left the window.
        await app.StepAsync(TimeSpan.FromMinutes(2));
        (await app.AlertsAsync($"rule:{id}:"))[0]!["status"]!.GetValue<string>().ShouldBe("resolved");
    }

    [Fact]
    public async Task NewTypes_SurviveRestart_GetAndListReturnTheSameBodies()
    {
        await using var app = await TocsinApp.StartAsync();
        var ibm = await app.IbmClientAsync();
        string[] bodies =
        [
            """{"alert":{"type":"BASELINE","name":"b","timespan":300000000,"segmentBy":["host.hostName"],"monitor":[{"metric":"cpu.used.percent","stdDevFactor":2.5},{"metric":"memory.used.percent"}]}}""",
            """{"alert":{"type":"HOST_COMPARISON","name":"h","timespan":60000000,"segmentBy":["host.mac"],"segmentCondition":{"type":"ANY"},"monitor":[{"metric":"net.bytes.total","stdDevFactor":2}],"severity":2}}""",
            """{"alert":{"type":"EVENT","name":"e","condition":"count(customEvent) > 5","timespan":600000000,"criteria":{"text":"OOM","source":"kubernetes"},"enabled":false}}""",
        ];
        var created = new List<JsonNode>();
        foreach (var body in bodies) created.Add(await ibm.CreateIbmAlertAsync(body));
        created[0]["type"]!.GetValue<string>().ShouldBe("BASELINE");
        created[0]["monitor"]!.ToJsonString().ShouldBe("""[{"metric":"cpu.used.percent","stdDevFactor":2.5},{"metric":"memory.used.percent","stdDevFactor":2}]""");
        created[0]["criteria"].ShouldBeNull();
        created[1]["type"]!.GetValue<string>().ShouldBe("HOST_COMPARISON");
        created[2]["type"]!.GetValue<string>().ShouldBe("EVENT");
        created[2]["criteria"]!.ToJsonString().ShouldBe("""{"text":"OOM","source":"kubernetes"}""");
        created[2]["condition"]!.GetValue<string>().ShouldBe("count(customEvent) > 5");
        created[2]["monitor"].ShouldBeNull();

        await app.RestartAsync();
        var again = await app.IbmClientAsync();
        foreach (var c in created)
        {
            var got = (await (await again.GetAsync($"{IbmTestApi.Alerts}/{c["id"]}")).StatusAsync(HttpStatusCode.OK))!["alert"]!;
            got.ToJsonString().ShouldBe(c.ToJsonString());
        }
        var listed = (await (await again.GetAsync(IbmTestApi.Alerts)).StatusAsync(HttpStatusCode.OK))!["alerts"]!.AsArray();
        listed.Select(a => a!.ToJsonString()).ShouldBe(created.Select(c => c.ToJsonString()));
    }
}
