using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Tocsin.Server.Tests.Infrastructure;

namespace Tocsin.Server.Tests.Dialects.Prometheus;

/// <summary>A real Prometheus server uses Tocsin as its alertmanager; its always-firing rule must arrive as an alert.</summary>
public sealed class RealPrometheusTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AlwaysFiringRule_RealPrometheus_CreatesPrometheusAlertInTocsin()
    {
        // The real clock: Prometheus stamps startsAt/endsAt with real times, which a fake "now" would misread.
        await using var app = await TocsinApp.StartWithSystemClockAsync();
        await using var prometheus = PrometheusProcess.Start(new Uri(app.BaseUrl), TocsinApp.AdminKey);

        var alert = await WaitForAlertAsync(app, prometheus);

        alert["title"]!.GetValue<string>().ShouldBe(PrometheusProcess.Summary);
        alert["details"]!.GetValue<string>().ShouldBe("fires on every evaluation");
        alert["priority"]!.GetValue<string>().ShouldBe("critical");
        alert["status"]!.GetValue<string>().ShouldBe("triggered");
        alert["source"]!.GetValue<string>().ShouldBe("prometheus");
        alert["dedupKey"]!.GetValue<string>().ShouldStartWith("prom:");
        alert["labels"]!["alertname"]!.GetValue<string>().ShouldBe(PrometheusProcess.AlertName);
        alert["labels"]!["severity"]!.GetValue<string>().ShouldBe("critical");
    }

    /// <summary>Polls the native API until Prometheus has delivered (bounded); waiting on an external process, not a fixed sleep.</summary>
    private static async Task<JsonNode> WaitForAlertAsync(TocsinApp app, PrometheusProcess prometheus)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Patience)
        {
            if (prometheus.HasExited) Assert.Fail($"prometheus exited early:\n{prometheus.Log}");
            var page = await (await app.Client.GetAsync("/api/v1/alerts?source=prometheus")).StatusAsync(HttpStatusCode.OK);
            if (page!["items"]!.AsArray() is [var first, ..]) return first!;
            await Task.Delay(200);
        }
        Assert.Fail($"no alert from prometheus within {Patience.TotalSeconds} s; prometheus said:\n{prometheus.Log}");
        return null!;
    }
}
