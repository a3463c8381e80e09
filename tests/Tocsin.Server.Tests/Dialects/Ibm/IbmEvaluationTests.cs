using System.Net;
using Tocsin.Server.Tests.Infrastructure;
using Tocsin.Server.Tests.Rules;

namespace Tocsin.Server.Tests.Dialects.Ibm;

/// <summary>Alerts defined through the IBM dialect fire through the same rule evaluator as native rules (#7).</summary>
public sealed class IbmEvaluationTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Flow_IbmAlertSegmentedByHost_FiresForTheHotHostOnly_AndCountsIt()
    {
        await using var app = await TocsinApp.StartAsync();
        var ibm = await app.IbmClientAsync();
        var t0 = app.Clock.GetUtcNow();
        var alert = await ibm.CreateIbmAlertAsync("""
            {"alert":{"type":"MANUAL","name":"CPU hot","condition":"avg(timeAvg(cpu.used.percent)) > 90","timespan":60000000,
             "filter":"kubernetes.namespace.name = \"production\"","segmentBy":["host.hostName"],"segmentCondition":{"type":"ANY"},
             "severity":1,"notificationChannelIds":[3]}}
            """);
        var id = alert["id"]!.GetValue<long>();

        // timeAvg divides by the window's intervals (6 steps of 10 s), as Sysdig's "rate" does: one sample of 97 averages ~16,
        // so the host is hot only once a full minute of samples is in the window.
        for (var k = 1; k <= 6; k++)
        {
            var at = t0 + k * Step;
            await app.PushAsync("cpu.used.percent", 97, at, new Dictionary<string, string> { ["host.hostName"] = "web-1", ["kubernetes.namespace.name"] = "production" });
            await app.PushAsync("cpu.used.percent", 20, at, new Dictionary<string, string> { ["host.hostName"] = "web-2", ["kubernetes.namespace.name"] = "production" });
            await app.PushAsync("cpu.used.percent", 99, at, new Dictionary<string, string> { ["host.hostName"] = "web-3", ["kubernetes.namespace.name"] = "staging" });
            await app.StepAsync(Step);
            if (k == 1) (await app.AlertsAsync($"rule:{id}:host.hostName=web-1")).Count.ShouldBe(0);
        }

        var hot = await app.AlertsAsync($"rule:{id}:host.hostName=web-1");
        hot.Count.ShouldBe(1);
        hot[0]!["status"]!.GetValue<string>().ShouldBe("triggered");
        hot[0]!["labels"]!["host.hostName"]!.GetValue<string>().ShouldBe("web-1");
        hot[0]!["severity"]!.GetValue<int>().ShouldBe(1);
        (await app.AlertsAsync($"rule:{id}:host.hostName=web-2")).Count.ShouldBe(0);
        (await app.AlertsAsync($"rule:{id}:host.hostName=web-3")).Count.ShouldBe(0); // outside the filter

        var got = (await (await ibm.GetAsync($"{IbmTestApi.Alerts}/{id}")).StatusAsync(HttpStatusCode.OK))!["alert"]!;
        got["notificationCount"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task Flow_SegmentConditionAll_FiresOnlyWhenEveryHostMeetsTheCondition()
    {
        await using var app = await TocsinApp.StartAsync();
        var ibm = await app.IbmClientAsync();
        var t0 = app.Clock.GetUtcNow();
        var id = (await ibm.CreateIbmAlertAsync("""
            {"alert":{"type":"MANUAL","name":"all down","condition":"avg(timeAvg(uptime)) <= 0","timespan":60000000,
             "segmentBy":["host.hostName"],"segmentCondition":{"type":"ALL"}}}
            """))["id"]!.GetValue<long>();
        async Task<int> CountAsync() => (await (await ibm.GetAsync($"{IbmTestApi.Alerts}/{id}")).StatusAsync(HttpStatusCode.OK))!["alert"]!["notificationCount"]!.GetValue<int>();

        await app.PushAsync("uptime", 0, t0 + Step, new Dictionary<string, string> { ["host.hostName"] = "a" });
        await app.PushAsync("uptime", 1, t0 + Step, new Dictionary<string, string> { ["host.hostName"] = "b" });
        await app.StepAsync(Step);
        (await CountAsync()).ShouldBe(0);

        // 70 s later the window (60 s) holds only the new samples: both hosts down.
        await app.PushAsync("uptime", 0, t0 + 8 * Step, new Dictionary<string, string> { ["host.hostName"] = "a" });
        await app.PushAsync("uptime", 0, t0 + 8 * Step, new Dictionary<string, string> { ["host.hostName"] = "b" });
        await app.StepAsync(7 * Step);
        (await CountAsync()).ShouldBe(1);
    }

    [Fact]
    public async Task Delete_FiringIbmAlert_ResolvesItsTocsinAlert()
    {
        await using var app = await TocsinApp.StartAsync();
        var ibm = await app.IbmClientAsync();
        var t0 = app.Clock.GetUtcNow();
        var id = (await ibm.CreateIbmAlertAsync(IbmTestApi.Manual("down", extra: ""","segmentBy":["host.hostName"]""")))["id"]!.GetValue<long>();
        await app.PushAsync("uptime", 0, t0 + Step, new Dictionary<string, string> { ["host.hostName"] = "db" });
        await app.StepAsync(Step);
        (await app.AlertsAsync($"rule:{id}:host.hostName=db"))[0]!["status"]!.GetValue<string>().ShouldBe("triggered");

        (await ibm.DeleteAsync($"{IbmTestApi.Alerts}/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await app.AlertsAsync($"rule:{id}:host.hostName=db"))[0]!["status"]!.GetValue<string>().ShouldBe("resolved");
    }
}
